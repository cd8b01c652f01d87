-- minicoder chat history (seed 002), MariaDB/MySQL
CREATE TABLE IF NOT EXISTS chat_messages (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  session_id VARCHAR(64) NOT NULL,
  workspace VARCHAR(255),
  role VARCHAR(16) NOT NULL,
  content TEXT NOT NULL,
  metadata TEXT,
  timestamp DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_chat_session ON chat_messages(session_id);
CREATE INDEX idx_chat_workspace ON chat_messages(workspace);
