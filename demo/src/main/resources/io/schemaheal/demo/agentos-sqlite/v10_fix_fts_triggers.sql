-- AgentOS 0.10.0: the kb_chunks update trigger must remove the old text from the FTS index first
DROP TRIGGER IF EXISTS kb_chunks_au;
CREATE TRIGGER kb_chunks_au AFTER UPDATE ON kb_chunks BEGIN
    INSERT INTO kb_chunks_fts(kb_chunks_fts, rowid, chunk_id, content) VALUES ('delete', old.rowid, old.chunk_id, old.content);
    INSERT INTO kb_chunks_fts(rowid, chunk_id, content) VALUES (new.rowid, new.chunk_id, new.content);
END;

CREATE TRIGGER IF NOT EXISTS memory_items_au AFTER UPDATE ON memory_items BEGIN
    INSERT INTO memory_fts(memory_fts, rowid, id, content, tags) VALUES ('delete', old.rowid, old.id, old.content, old.tags);
    INSERT INTO memory_fts(rowid, id, content, tags) VALUES (new.rowid, new.id, new.content, new.tags);
END;
