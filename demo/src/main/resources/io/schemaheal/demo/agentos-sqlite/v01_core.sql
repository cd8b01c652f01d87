-- AgentOS 0.1.0: tasks and their lineage and audit trail
CREATE TABLE IF NOT EXISTS tasks (
    task_id TEXT PRIMARY KEY,           -- ULID
    title TEXT NOT NULL,
    status TEXT DEFAULT 'created',
    session_id TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    metadata TEXT                       -- JSON
);

CREATE TABLE IF NOT EXISTS task_lineage (
    lineage_id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id TEXT NOT NULL,
    kind TEXT NOT NULL,                 -- nl_request|intent|execution_request|commit
    ref_id TEXT NOT NULL,
    phase TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    metadata TEXT,
    FOREIGN KEY (task_id) REFERENCES tasks(task_id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS task_audits (
    audit_id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id TEXT NOT NULL,
    repo_id TEXT,
    level TEXT DEFAULT 'info',          -- info|warning|error
    event_type TEXT NOT NULL,
    payload TEXT,                       -- JSON
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (task_id) REFERENCES tasks(task_id) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS idx_tasks_status ON tasks(status);
CREATE INDEX IF NOT EXISTS idx_tasks_session ON tasks(session_id);
CREATE INDEX IF NOT EXISTS idx_tasks_created ON tasks(created_at DESC);
CREATE INDEX IF NOT EXISTS idx_task_audits_task ON task_audits(task_id);
CREATE INDEX IF NOT EXISTS idx_task_audits_created ON task_audits(created_at DESC);
CREATE INDEX IF NOT EXISTS idx_task_audits_event ON task_audits(event_type);
