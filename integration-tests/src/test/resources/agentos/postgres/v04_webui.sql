CREATE TABLE IF NOT EXISTS webui_sessions (session_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL);
