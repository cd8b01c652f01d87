CREATE TABLE chat_sessions (
    session_id VARCHAR(64) PRIMARY KEY,
    title VARCHAR(255),
    task_id VARCHAR(64),
    FOREIGN KEY (task_id) REFERENCES tasks(task_id)
) ENGINE=InnoDB;
CREATE INDEX idx_chat_sessions_task ON chat_sessions(task_id);
CREATE TABLE chat_messages (
    message_id VARCHAR(64) PRIMARY KEY,
    session_id VARCHAR(64) NOT NULL,
    role VARCHAR(16) NOT NULL,
    content TEXT NOT NULL,
    FOREIGN KEY (session_id) REFERENCES chat_sessions(session_id) ON DELETE CASCADE
) ENGINE=InnoDB;
CREATE INDEX idx_chat_messages_session ON chat_messages(session_id);
