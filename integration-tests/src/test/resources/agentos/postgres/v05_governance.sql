CREATE TABLE IF NOT EXISTS supervisor_inbox (id TEXT PRIMARY KEY, task_id TEXT NOT NULL, status TEXT DEFAULT 'pending');
ALTER TABLE task_audits ADD COLUMN IF NOT EXISTS decision_id TEXT;
