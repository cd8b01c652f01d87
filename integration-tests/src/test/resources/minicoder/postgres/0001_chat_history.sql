-- minicoder chat history (seed 002), PostgreSQL
CREATE TABLE IF NOT EXISTS chat_messages (
  id SERIAL PRIMARY KEY,
  session_id TEXT NOT NULL,
  workspace TEXT,
  role TEXT NOT NULL,        -- user | assistant | system
  content TEXT NOT NULL,
  metadata TEXT,             -- JSON string (tool_calls ...)
  timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX IF NOT EXISTS idx_chat_session ON chat_messages(session_id);
CREATE INDEX IF NOT EXISTS idx_chat_workspace ON chat_messages(workspace);
