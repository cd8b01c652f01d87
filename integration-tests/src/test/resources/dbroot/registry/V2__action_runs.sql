CREATE TABLE chat_action_runs (
    id TEXT PRIMARY KEY,
    session_id TEXT,
    plan_id INTEGER,
    status TEXT NOT NULL,
    context_json TEXT,
    history_json TEXT,
    structured_json TEXT,
    result_json TEXT,
    errors_json TEXT,
    started_at TEXT,
    finished_at TEXT
);

CREATE TABLE plan_decomposition_job_index (
    job_id TEXT PRIMARY KEY,
    plan_id INTEGER NOT NULL,
    job_type TEXT NOT NULL,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP
);
