-- AgentOS 0.9.0: command history
CREATE TABLE IF NOT EXISTS command_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    command TEXT NOT NULL,
    args TEXT,                          -- JSON
    status TEXT NOT NULL DEFAULT 'ok',
    duration_ms INTEGER,
    executed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS pinned_commands (
    command_id INTEGER PRIMARY KEY REFERENCES command_history(id) ON DELETE CASCADE,
    pinned_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    note TEXT
);

CREATE INDEX IF NOT EXISTS idx_command_history_executed ON command_history(executed_at DESC);
