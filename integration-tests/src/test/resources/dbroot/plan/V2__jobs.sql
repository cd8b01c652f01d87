CREATE TABLE snapshots (id INTEGER PRIMARY KEY AUTOINCREMENT, snapshot TEXT NOT NULL, note TEXT, created_at TEXT);

CREATE TABLE decomposition_jobs (
    job_id TEXT PRIMARY KEY,
    job_type TEXT,
    mode TEXT,
    target_task_id INTEGER,
    status TEXT,
    error TEXT,
    params_json TEXT,
    stats_json TEXT,
    result_json TEXT,
    metadata_json TEXT,
    started_at TEXT,
    finished_at TEXT
);

CREATE TABLE decomposition_job_logs (
    job_id TEXT NOT NULL REFERENCES decomposition_jobs(job_id),
    timestamp TEXT,
    level TEXT,
    message TEXT,
    metadata_json TEXT
);

CREATE TABLE plan_action_logs (
    plan_id INTEGER, job_id TEXT, job_type TEXT, sequence INTEGER, session_id TEXT, user_message TEXT,
    action_kind TEXT, action_name TEXT, status TEXT, success INTEGER, message TEXT, details_json TEXT
);
