-- AgentOS 0.4.0: WebUI sessions and messages
CREATE TABLE IF NOT EXISTS webui_sessions (
    session_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    metadata TEXT                       -- JSON
);

CREATE TABLE IF NOT EXISTS webui_messages (
    message_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    role TEXT NOT NULL,                 -- user|assistant|system
    content TEXT NOT NULL,
    created_at TEXT NOT NULL,
    metadata TEXT,                      -- JSON
    FOREIGN KEY (session_id) REFERENCES webui_sessions(session_id) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS idx_sessions_user_updated ON webui_sessions(user_id, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_messages_session_created ON webui_messages(session_id, created_at ASC);
