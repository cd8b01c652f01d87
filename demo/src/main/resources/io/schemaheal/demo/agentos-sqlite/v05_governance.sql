-- AgentOS 0.5.0: supervisor and guardian
CREATE TABLE IF NOT EXISTS guardian_verdicts (
    id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL,
    triggered_by TEXT NOT NULL,         -- event name
    policy_json TEXT NOT NULL,          -- JSON
    decision TEXT NOT NULL,             -- approve|reject|warn
    reasons_json TEXT,                  -- JSON array
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS supervisor_inbox (
    id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    event_ts TEXT NOT NULL,
    payload_json TEXT,
    status TEXT DEFAULT 'pending',      -- pending|processing|processed|failed
    processed_at TEXT,
    created_at TEXT NOT NULL
);

-- Supervisor fields on the audit trail
ALTER TABLE task_audits ADD COLUMN decision_id TEXT;
ALTER TABLE task_audits ADD COLUMN source_event_ts TEXT;
ALTER TABLE task_audits ADD COLUMN supervisor_processed_at TEXT;
