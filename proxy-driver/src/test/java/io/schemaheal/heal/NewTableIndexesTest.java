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

/** Which of a new table's indexes its CREATE TABLE builds (MariaDB), and the text it runs. */
class NewTableIndexesTest {

    @TempDir
    Path dir;

    private List<HealPlan.Step> steps(String script) throws Exception {
        Files.writeString(dir.resolve("V1__m.sql"), script);
        MigrationManifest m = MigrationManifest.build(List.of(dir.toString()));
        return new HealPlanner(m, false).plan("child", name -> Set.of("parents").contains(name.key())).steps();
    }

    private static List<String> folded(NewTableIndexes.Fold fold) {
        return fold.steps().stream().map(s -> s.entry().statement().sql()).toList();
    }

    @Test
    void plainIndexesRightAfterTheCreateAreBuiltByIt() throws Exception {
        List<HealPlan.Step> steps = steps("CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT REFERENCES parents(id), "
                + "note VARCHAR(40), body TEXT) ENGINE=InnoDB;\n"
                + "CREATE INDEX idx_parent ON child (parent_id);\n"
                + "CREATE UNIQUE INDEX `uq note` ON child(note, (id)) USING BTREE;\n"
                + "CREATE FULLTEXT INDEX ft_body ON child (body);");
        NewTableIndexes.Fold fold = NewTableIndexes.fold(steps, 0);
        assertEquals(3, fold.steps().size());
        assertEquals("CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT REFERENCES parents(id), note VARCHAR(40), "
                + "body TEXT,\n  INDEX idx_parent (parent_id),\n  UNIQUE INDEX `uq note` (note, (id)) USING BTREE,\n"
                + "  FULLTEXT INDEX ft_body (body)) ENGINE=InnoDB", fold.sql());
    }

    @Test
    void anIndexAfterAnotherChangeToTheTableRunsAsWritten() throws Exception {
        List<HealPlan.Step> steps = steps("CREATE TABLE child (id BIGINT PRIMARY KEY, a INT);\n"
                + "CREATE INDEX idx_a ON child (a);\n"
                + "ALTER TABLE child ADD COLUMN b INT;\n"
                + "CREATE INDEX idx_b ON child (b);");
        assertEquals(List.of("CREATE INDEX idx_a ON child (a)"), folded(NewTableIndexes.fold(steps, 0)),
                "idx_b needs the column the ALTER adds first");
    }

    @Test
    void indexStatementsWithOptionsOrOtherShapesAreNotFolded() throws Exception {
        assertNull(NewTableIndexes.fold(steps("CREATE TABLE child (id INT, a INT);\n"
                + "CREATE INDEX idx_a ON child (a) ALGORITHM=INPLACE LOCK=NONE;"), 0));
        assertNull(NewTableIndexes.fold(steps("CREATE TABLE child (id INT, a INT);\n"
                + "CREATE INDEX IF NOT EXISTS idx_a ON child (a);"), 0));
        assertNull(NewTableIndexes.fold(steps("CREATE TABLE child AS SELECT 1 AS a;\nCREATE INDEX idx_a ON child (a);"), 0));
    }
}
