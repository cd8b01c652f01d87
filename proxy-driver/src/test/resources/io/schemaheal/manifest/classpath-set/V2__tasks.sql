CREATE TABLE tasks (id INTEGER PRIMARY KEY, project_id INTEGER REFERENCES projects (id));
CREATE INDEX tasks_project ON tasks (project_id);
