CREATE TABLE IF NOT EXISTS task_dependency (task_id TEXT NOT NULL, depends_on_task_id TEXT NOT NULL, UNIQUE(task_id, depends_on_task_id));
