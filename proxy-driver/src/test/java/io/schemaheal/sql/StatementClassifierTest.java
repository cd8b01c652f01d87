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
    void addingAValueToAnEnumTypeIsTheOneTypeChangeRead() throws Exception {
        SqlStatement add = classify("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'happy' AFTER 'ok'");
        assertEquals(StatementKind.ALTER_TYPE, add.kind());
        assertEquals("mood", add.object().bareKey());
        assertEquals(StatementKind.OTHER, classify("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'").kind());
        assertEquals(StatementKind.OTHER, classify("ALTER TYPE mood OWNER TO app").kind());
    }

    @Test
    void aSequenceIsReadWhereItIsAlteredAndWhereAStringNamesIt() throws Exception {
        SqlStatement alter = classify("ALTER SEQUENCE IF EXISTS public.orders_id_seq AS bigint MAXVALUE 9999999999");
        assertEquals(StatementKind.ALTER_SEQUENCE, alter.kind());
        assertEquals("orders_id_seq", alter.object().bareKey());
        SqlStatement dflt = classify("ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT "
                + "nextval('public.users_id_seq'::regclass)");
        assertTrue(dflt.identifiers().contains("users_id_seq"), dflt.identifiers().toString());
        assertTrue(classify("CREATE TABLE t (n bigint DEFAULT nextval('invoice_no_seq'))").identifiers().contains("invoice_no_seq"));
    }

    @Test
    void aDroppedSequenceIsNamed() throws Exception {
        SqlStatement drop = classify("DROP SEQUENCE IF EXISTS public.batch_job_seq, old_seq CASCADE");
        assertEquals(StatementKind.DROP_SEQUENCE, drop.kind());
        assertEquals(List.of("batch_job_seq", "old_seq"), drop.objects().stream().map(ObjectName::bareKey).toList());
    }

    @Test
    void quotedAndQualifiedNames() throws Exception {
        SqlStatement s = classify("CREATE TABLE public.\"MixedCase\" (id int)");
        assertEquals("public", s.object().schema());
        assertEquals("MixedCase", s.object().name());
        assertTrue(s.object().quoted());
        assertEquals("public.mixedcase", s.object().key(), "the schema is part of the key");
        assertEquals("mixedcase", s.object().bareKey());
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
        assertEquals(AlterAction.Type.ADD_CONSTRAINT, classify("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u(id)").actions().get(0).type());
        assertEquals(AlterAction.Type.ADD_CONSTRAINT, classify("ALTER TABLE t ADD INDEX i (a)").actions().get(0).type(),
                "MySQL's ADD INDEX adds as a constraint does");
        SqlStatement several = classify("ALTER TABLE ONLY app.child ADD COLUMN parent_id INT, ADD CONSTRAINT fk FOREIGN KEY "
                + "(parent_id) REFERENCES parent (id), ADD UNIQUE KEY uq (code, other)");
        assertEquals(List.of("ADD COLUMN parent_id INT", "ADD CONSTRAINT fk FOREIGN KEY (parent_id) REFERENCES parent (id)",
                "ADD UNIQUE KEY uq (code, other)"), several.actions().stream().map(AlterAction::clause).toList());
        assertEquals("parent_id INT", several.actions().get(0).definition());
        TableConstraint fk = several.actions().get(1).constraint();
        assertEquals(List.of("fk", TableConstraint.Kind.FOREIGN_KEY, true, false), List.of(fk.name(), fk.kind(), fk.involves("PARENT_ID"),
                fk.notValid()));
        TableConstraint uq = several.actions().get(2).constraint();
        assertEquals(List.of("", TableConstraint.Kind.UNIQUE, true, false), List.of(uq.name(), uq.kind(), uq.involves("other"),
                uq.involves("parent_id")));
        TableConstraint pk = classify("ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (id)").actions().get(0).constraint();
        assertEquals(List.of(TableConstraint.Kind.PRIMARY_KEY, false), List.of(pk.kind(), pk.involves("id")),
                "a primary key is never added to a table with rows: it involves no column");
        assertTrue(classify("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID").actions().get(0).constraint().notValid());
        assertEquals(List.of("CONSTRAINT u UNIQUE (a, b)", "CHECK (a > 0)"), StatementClassifier.tableConstraintsOf(
                classify("CREATE TABLE t (a INT, b INT, CONSTRAINT u UNIQUE (a, b), CHECK (a > 0))")).stream()
                .map(TableConstraint::text).toList());
        assertEquals("\"App\".t", classify("CREATE TABLE \"App\".t (a INT)").writtenName());
        assertEquals(List.of("key", "value"), StatementClassifier.columnsOf(classify("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")),
                "a column named key is a column");
        assertEquals(List.of("id", "key", "index"), StatementClassifier.columnsOf(classify("CREATE TABLE t (id INT, key VARCHAR(40), "
                + "`index` INT, KEY k (key), INDEX (id), KEY k2 USING BTREE (id))")), "MySQL's KEY and INDEX elements are not");
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

    @Test
    void effectsOfDataTriggersFunctionsAndBlocks() throws Exception {
        // a comma join in a MySQL UPDATE writes both tables
        assertEquals(Set.of("profiles", "users"),
                classify("UPDATE profiles p, users u SET u.display_name = p.name WHERE p.user_id = u.id").effects().writes());
        assertEquals(Set.of("a", "b"), classify("UPDATE a JOIN b ON a.id = b.id SET b.x = 1").effects().writes());
        // PostgreSQL's UPDATE ... FROM reads the second table only
        assertEquals(Set.of("a"), classify("UPDATE a SET x = o.x FROM other o WHERE o.id = a.id").effects().writes());
        // ON DUPLICATE KEY UPDATE and ON CONFLICT DO UPDATE write only the target
        assertEquals(Set.of("t"), classify("INSERT INTO t (k, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE n = n + 1").effects().writes());
        assertEquals(Set.of("t"), classify("INSERT INTO t (k) VALUES (1) ON CONFLICT (k) DO UPDATE SET k = 2").effects().writes());

        SqlStatement trigger = classify("CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN UPDATE users SET n = n + 1; "
                + "DELETE FROM audit WHERE id = new.id; END");
        assertEquals(Set.of("users", "audit"), trigger.effects().writes());
        SqlStatement pgTrigger = classify("CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump()");
        assertTrue(pgTrigger.effects().calls().contains("bump"));
        assertNull(pgTrigger.effects().unreadable(), "EXECUTE FUNCTION is a call, not dynamic SQL");

        SqlStatement function = classify("CREATE FUNCTION bump() RETURNS trigger AS $$ BEGIN UPDATE users SET n = n + 1; "
                + "RETURN NEW; END $$ LANGUAGE plpgsql");
        assertEquals(Set.of("users"), function.effects().writes());

        SqlStatement dynamic = classify("DO $$ BEGIN EXECUTE 'DELETE FROM sessions WHERE expired'; END $$");
        assertEquals(StatementKind.PROCEDURAL, dynamic.kind());
        assertTrue(dynamic.effects().unreadable().contains("dynamic"));
        SqlStatement perform = classify("DO $$ BEGIN INSERT INTO t VALUES (1); PERFORM purge_sessions(); END $$");
        assertTrue(perform.effects().calls().contains("purge_sessions"));
        assertEquals(StatementKind.OTHER, classify("DO $$ BEGIN PERFORM purge_sessions(); END $$").kind(),
                "a block that only calls is never part of a heal");
        assertEquals(Set.of("sessions"), classify("DO $$ BEGIN DELETE FROM sessions; END $$").effects().writes());
    }

    @Test
    void alterActionsThatRenameOrDropByName() throws Exception {
        AlterAction change = classify("ALTER TABLE users CHANGE name full_name VARCHAR(80)").actions().get(0);
        assertEquals(AlterAction.Type.RENAME_COLUMN, change.type());
        assertEquals("name", change.column());
        AlterAction dropIndex = classify("ALTER TABLE users DROP INDEX uq_email").actions().get(0);
        assertEquals(AlterAction.Type.DROP_OBJECT, dropIndex.type());
        assertEquals("uq_email", dropIndex.newName().key());
    }

    @Test
    void mysqlTableRenamesWithoutTo() throws Exception {
        SqlStatement alter = classify("ALTER TABLE legacy_accounts RENAME accounts");
        assertEquals(StatementKind.ALTER_TABLE, alter.kind());
        assertEquals(AlterAction.Type.RENAME_TABLE, alter.actions().get(0).type());
        assertEquals("accounts", alter.actions().get(0).newName().key());
        SqlStatement rename = classify("RENAME TABLE legacy_accounts TO accounts");
        assertEquals("legacy_accounts", rename.table().key());
        assertEquals("accounts", rename.actions().get(0).newName().key());
        assertEquals(AlterAction.Type.RENAME_COLUMN, classify("ALTER TABLE t RENAME COLUMN a TO b").actions().get(0).type());
        assertEquals(AlterAction.Type.RENAME_COLUMN, classify("ALTER TABLE t RENAME a TO b").actions().get(0).type());
        assertEquals(StatementKind.OTHER, classify("RENAME TABLE a TO b, c TO d").kind(), "several pairs: not read");
    }
}
