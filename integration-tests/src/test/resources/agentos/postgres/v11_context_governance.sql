ALTER TABLE task_audits ADD COLUMN IF NOT EXISTS verdict_id TEXT;
CREATE INDEX IF NOT EXISTS idx_task_audits_verdict ON task_audits(verdict_id);
