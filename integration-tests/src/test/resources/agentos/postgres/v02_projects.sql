CREATE TABLE IF NOT EXISTS projects (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    added_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    tags TEXT
);
-- JSON validation, as SQLite's trigger does it
CREATE OR REPLACE FUNCTION check_projects_tags_json() RETURNS trigger AS $$
BEGIN
    IF NEW.tags IS NOT NULL THEN
        PERFORM NEW.tags::jsonb;  -- raises on invalid JSON
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER check_projects_tags_json_insert BEFORE INSERT ON projects
    FOR EACH ROW EXECUTE FUNCTION check_projects_tags_json();
