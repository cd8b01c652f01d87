package io.schemaheal.heal;

import io.schemaheal.manifest.MigrationManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealPlannerTest {

    @TempDir
    Path dir;

    private HealPlan plan(String table, Set<String> existing, String... files) throws Exception {
        for (int i = 0; i < files.length; i++) {
            Files.writeString(dir.resolve(String.format("v%02d_m.sql", i + 1)), files[i]);
        }
        MigrationManifest m = MigrationManifest.build(List.of(dir.toString()));
        return new HealPlanner(m, false).plan(table, name -> existing.contains(name.key()));
    }

    private static List<String> sqls(HealPlan p) {
        return p.steps().stream().map(s -> s.entry().statement().sql()).toList();
    }

    @Test
    void laterAltersIndexesAndFinalTriggerDefinitionsBelongToTheEndState() throws Exception {
        HealPlan p = plan("t", Set.of(),
                "CREATE TABLE t (a INT); CREATE INDEX i1 ON t(a); CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;",
                "ALTER TABLE t ADD COLUMN b INT; CREATE TABLE other (x INT);",
                "DROP TRIGGER IF EXISTS tr; CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 2; END; DROP INDEX i1;");
        assertNull(p.notHealable());
        assertEquals(List.of("CREATE TABLE t (a INT)", "ALTER TABLE t ADD COLUMN b INT",
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 2; END"), sqls(p));
    }

    @Test
    void missingForeignKeyParentsArePlannedToo() throws Exception {
        HealPlan p = plan("child", Set.of("grand"),
                "CREATE TABLE grand (id INT); CREATE TABLE parent (id INT, g INT REFERENCES grand(id));",
                "CREATE TABLE child (id INT, p INT REFERENCES parent(id));");
        assertEquals(List.of("child", "parent"), List.copyOf(p.relations()));
        assertEquals(2, p.steps().size());
        assertTrue(sqls(p).get(0).startsWith("CREATE TABLE parent"), "migration order: parent first");
    }

    @Test
    void aDroppedOrRenamedAwayTableIsNotHealable() throws Exception {
        HealPlan dropped = plan("t", Set.of(), "CREATE TABLE t (a INT);", "DROP TABLE t;");
        assertTrue(dropped.notHealable().contains("drop"), dropped.notHealable());
    }

    @Test
    void renamesAreFollowedAndCopiesFromMissingTablesAreLeftOut() throws Exception {
        HealPlan p = plan("t", Set.of(),
                "CREATE TABLE t (a INT);",
                "CREATE TABLE t_new (a INT, b INT); INSERT INTO t_new (a) SELECT a FROM t; DROP TABLE t; "
                        + "ALTER TABLE t_new RENAME TO t; CREATE INDEX i ON t(b);");
        assertNull(p.notHealable());
        assertEquals(List.of("CREATE TABLE t_new (a INT, b INT)", "INSERT INTO t_new (a) SELECT a FROM t",
                "ALTER TABLE t_new RENAME TO t", "CREATE INDEX i ON t(b)"), sqls(p));
        HealPlan renamedAway = plan("t_new", Set.of());
        assertTrue(renamedAway.notHealable().contains("renamed"), renamedAway.notHealable());
    }

    @Test
    void aLaterDropColumnCancelsTheAddInsteadOfDropping() throws Exception {
        HealPlan p = plan("t", Set.of(), "CREATE TABLE t (a INT);", "ALTER TABLE t ADD COLUMN b INT;",
                "ALTER TABLE t DROP COLUMN b;");
        assertEquals(List.of("CREATE TABLE t (a INT)"), sqls(p));
    }

    @Test
    void ftsShadowsAndTheirTriggersComeWithTheirContentTable() throws Exception {
        HealPlan p = plan("docs", Set.of(),
                "CREATE TABLE docs (id INT, body TEXT);"
                        + "CREATE VIRTUAL TABLE docs_fts USING fts5(body, content='docs', content_rowid='id');"
                        + "CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN INSERT INTO docs_fts(rowid, body) VALUES (new.id, new.body); END;");
        assertEquals(Set.of("docs", "docs_fts"), p.relations());
        assertEquals(3, p.steps().size());
    }

    @Test
    void versionTablesAreNeverPlanned() throws Exception {
        HealPlan p = plan("t", Set.of(), "CREATE TABLE schema_version (v TEXT); CREATE TABLE t (v TEXT REFERENCES schema_version(v));");
        assertEquals(Set.of("t"), p.relations());
    }
}
