-- AgentOS 0.2.0: projects, their repositories, and JSON validation of tags
CREATE TABLE IF NOT EXISTS projects (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    added_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS project_repos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id TEXT NOT NULL,
    repo_id TEXT NOT NULL,
    repo_path TEXT NOT NULL,
    added_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    UNIQUE(project_id, repo_id),
    FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE
);

ALTER TABLE projects ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN status TEXT DEFAULT 'active';  -- active|archived|deleted
ALTER TABLE projects ADD COLUMN tags TEXT;                      -- JSON array

CREATE INDEX IF NOT EXISTS idx_projects_status ON projects(status);

/* Reject tags that are not JSON; the CASE ... END inside the trigger body is part of the trigger. */
CREATE TRIGGER IF NOT EXISTS check_projects_tags_json_insert
BEFORE INSERT ON projects
FOR EACH ROW
WHEN NEW.tags IS NOT NULL
BEGIN
    SELECT CASE
        WHEN json_valid(NEW.tags) = 0
        THEN RAISE(ABORT, 'Invalid tags: must be valid JSON; see ''docs/projects.md''')
    END;
END;
