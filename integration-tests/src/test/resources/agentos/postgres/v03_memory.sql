CREATE TABLE IF NOT EXISTS memory_items (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    content TEXT NOT NULL,
    project_id TEXT REFERENCES projects(id),
    search_vector tsvector
);
CREATE INDEX IF NOT EXISTS idx_memory_fts ON memory_items USING gin(search_vector);
CREATE OR REPLACE FUNCTION memory_items_fts() RETURNS trigger AS $$
BEGIN
    NEW.search_vector := to_tsvector('simple', coalesce(NEW.content, ''));
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER memory_items_fts BEFORE INSERT OR UPDATE ON memory_items
    FOR EACH ROW EXECUTE FUNCTION memory_items_fts();
