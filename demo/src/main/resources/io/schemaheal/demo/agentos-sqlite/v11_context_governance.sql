-- AgentOS 0.11.0: context snapshots, and the guardian's verdict on each audit entry
CREATE TABLE IF NOT EXISTS context_snapshots (
    snapshot_id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES tasks(task_id) ON DELETE CASCADE,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    token_budget INTEGER
);

CREATE TABLE IF NOT EXISTS context_snapshot_items (
    snapshot_id TEXT NOT NULL REFERENCES context_snapshots(snapshot_id) ON DELETE CASCADE,
    item_ref TEXT NOT NULL,
    weight REAL DEFAULT 1.0,
    PRIMARY KEY (snapshot_id, item_ref)
);

ALTER TABLE task_audits ADD COLUMN verdict_id TEXT;
CREATE INDEX IF NOT EXISTS idx_task_audits_verdict ON task_audits(verdict_id);
