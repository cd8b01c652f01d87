CREATE TABLE tasks (task_id VARCHAR(64) PRIMARY KEY, title VARCHAR(255) NOT NULL,
                    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB;
CREATE INDEX idx_tasks_created ON tasks(created_at);
