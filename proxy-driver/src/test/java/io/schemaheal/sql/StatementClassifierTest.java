package io.schemaheal.sql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementClassifierTest {

    private static SqlStatement classify(String sql) throws SqlParseException {
        List<ScriptStatement> s = SqlLexer.split(sql);
        assertEquals(1, s.size(), "one statement expected: " + sql);
        return StatementClassifier.classify(s.get(0));
    }

    @Test
    void createTableWithForeignKeys() throws Exception {
        SqlStatement s = classify("CREATE TABLE IF NOT EXISTS chat_messages (id TEXT, session_id TEXT, "
                + "FOREIGN KEY (session_id) REFERENCES chat_sessions(session_id) ON DELETE CASCADE ON UPDATE NO ACTION)");
        assertEquals(StatementKind.CREATE_TABLE, s.kind());
        assertEquals("chat_messages", s.object().key());
        assertTrue(s.references().contains("chat_sessions"));
    }

    @Test
    void quotedAndQualifiedNames() throws Exception {
        SqlStatement s = classify("CREATE TABLE public.\"MixedCase\" (id int)");
        assertEquals("public", s.object().schema());
        assertEquals("MixedCase", s.object().name());
        assertTrue(s.object().quoted());
        assertEquals("mixedcase", s.object().key());
    }

    @Test
    void indexesTriggersAndVirtualTables() throws Exception {
        SqlStatement idx = classify("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_a ON ONLY t USING btree (x)");
        assertEquals(StatementKind.CREATE_INDEX, idx.kind());
        assertEquals("idx_a", idx.object().key());
        assertEquals("t", idx.table().key());
        assertTrue(idx.nonTransactional());

        SqlStatement trg = classify("CREATE TRIGGER kb_ai AFTER UPDATE OF content ON kb_chunks BEGIN "
                + "INSERT INTO kb_chunks_fts(rowid, content) VALUES (new.rowid, new.content); END");
        assertEquals(StatementKind.CREATE_TRIGGER, trg.kind());
        assertEquals("kb_chunks", trg.table().key());
        assertTrue(trg.references().contains("kb_chunks_fts"));

        SqlStatement fts = classify("CREATE VIRTUAL TABLE kb_chunks_fts USING fts5(content, content='kb_chunks', content_rowid='rowid')");
        assertEquals(StatementKind.CREATE_VIRTUAL_TABLE, fts.kind());
        assertEquals("kb_chunks", fts.table().key());
        assertTrue(fts.references().contains("kb_chunks"));
    }

    @Test
    void alterTableActions() throws Exception {
        SqlStatement add = classify("ALTER TABLE tasks ADD COLUMN route TEXT, ADD COLUMN IF NOT EXISTS other INT DEFAULT (1)");
        assertEquals(StatementKind.ALTER_TABLE, add.kind());
        assertEquals(List.of("route", "other"), add.actions().stream().map(AlterAction::column).toList());
        SqlStatement rename = classify("ALTER TABLE t_new RENAME TO t");
        assertEquals(AlterAction.Type.RENAME_TABLE, rename.actions().get(0).type());
        assertEquals("t", rename.actions().get(0).newName().key());
        assertEquals(AlterAction.Type.DROP_COLUMN, classify("ALTER TABLE t DROP COLUMN x").actions().get(0).type());
        assertEquals(AlterAction.Type.RENAME_COLUMN, classify("ALTER TABLE t RENAME COLUMN a TO b").actions().get(0).type());
        assertEquals(AlterAction.Type.OTHER, classify("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u(id)").actions().get(0).type());
    }

    @Test
    void dataDropsAndOthers() throws Exception {
        assertEquals(StatementKind.DATA, classify("INSERT OR IGNORE INTO settings (k) VALUES ('a')").kind());
        assertEquals("settings", classify("INSERT INTO settings SELECT * FROM old").table().key());
        assertEquals(Set.of("old"), classify("INSERT INTO settings SELECT * FROM old").references());
        assertEquals(StatementKind.OTHER, classify("DELETE FROM settings").kind(), "a heal never deletes");
        SqlStatement drop = classify("DROP TABLE IF EXISTS a, b CASCADE");
        assertEquals(StatementKind.DROP_TABLE, drop.kind());
        assertEquals(List.of("a", "b"), drop.objects().stream().map(ObjectName::key).toList());
        assertEquals(StatementKind.DROP_TRIGGER, classify("DROP TRIGGER IF EXISTS kb_chunks_au").kind());
        assertEquals(StatementKind.OTHER, classify("PRAGMA foreign_keys = ON").kind());
        assertEquals(StatementKind.CREATE_MATERIALIZED_VIEW, classify("CREATE MATERIALIZED VIEW v AS SELECT 1").kind());
        assertEquals(StatementKind.CREATE_TYPE, classify("CREATE TYPE mood AS ENUM ('a', 'b')").kind());
        assertNull(classify("CREATE INDEX ON t (x)").object());
    }
}
