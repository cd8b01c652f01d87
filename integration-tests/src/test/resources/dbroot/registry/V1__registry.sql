-- DB_ROOT main/plan_registry.db (seed 003)
CREATE TABLE plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    description TEXT,
    metadata TEXT,
    plan_db_path TEXT,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    updated_at TEXT DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE chat_sessions (
    id TEXT PRIMARY KEY,
    plan_id INTEGER REFERENCES plans(id),
    plan_title TEXT,
    name TEXT,
    name_source TEXT,
    is_user_named INTEGER DEFAULT 0,
    current_task_id INTEGER,
    current_task_name TEXT,
    last_message_at TEXT,
    metadata TEXT
);

CREATE TABLE chat_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES chat_sessions(id),
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    metadata TEXT,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP
);
