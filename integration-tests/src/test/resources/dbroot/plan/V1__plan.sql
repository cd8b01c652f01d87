-- DB_ROOT plans/plan_{id}.sqlite (seed 003)
CREATE TABLE plan_meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    instruction TEXT,
    status TEXT DEFAULT 'pending',
    parent_id INTEGER REFERENCES tasks(id),
    position INTEGER,
    path TEXT,
    depth INTEGER DEFAULT 0,
    metadata TEXT,
    execution_result TEXT,
    context_combined TEXT,
    context_sections TEXT,
    context_meta TEXT,
    context_updated_at TEXT,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    updated_at TEXT DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE task_dependencies (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    depends_on INTEGER NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (task_id, depends_on)
);

CREATE INDEX idx_tasks_parent ON tasks(parent_id);
INSERT INTO plan_meta (key, value) VALUES ('schema_version', '1');
