package io.schemaheal.manifest;

import io.schemaheal.sql.ScriptStatement;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiquibaseSqlTest {

    private static final String FILE = """
            --liquibase formatted sql
            --changeset a:1
            CREATE TABLE t (x INT);
            --rollback DROP TABLE t;
            --changeset a:2 dbms:!sqlite
            CREATE INDEX t_x ON t (x);
            --changeset a:3 endDelimiter:/
            INSERT INTO t VALUES (1 / 1);
            /
            INSERT INTO t VALUES (2);
            /
            --changeset a:4 dbms:oracle
            CREATE TABLE only_oracle (x NUMBER);
            """;

    private static List<String> sql(String database) throws Exception {
        return LiquibaseSql.statements(FILE, database, new java.util.ArrayList<>()).stream().map(ScriptStatement::sql).toList();
    }

    @Test
    void changesetsForTheDatabaseInOrderEachSplitAsLiquibaseSplitsIt() throws Exception {
        assertTrue(LiquibaseSql.isFormattedSql(FILE.getBytes(StandardCharsets.UTF_8)));
        assertFalse(LiquibaseSql.isFormattedSql("-- just a comment\nCREATE TABLE t (x INT);".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("CREATE TABLE t (x INT)", "CREATE INDEX t_x ON t (x)", "INSERT INTO t VALUES (1 / 1)",
                "INSERT INTO t VALUES (2)"), sql("postgresql"));
        assertEquals(List.of("CREATE TABLE t (x INT)", "INSERT INTO t VALUES (1 / 1)", "INSERT INTO t VALUES (2)"), sql("sqlite"));
        assertEquals(List.of("CREATE TABLE t (x INT)", "INSERT INTO t VALUES (1 / 1)", "INSERT INTO t VALUES (2)"), sql(null),
                "with the database not known yet, only the changesets for every database");
        assertEquals(6, LiquibaseSql.statements(FILE, "postgresql", new java.util.ArrayList<>()).get(1).line());
    }

    @Test
    void aChangesetBehindAPreconditionTheScriptsCannotTellIsNotReadButNamed() throws Exception {
        String file = """
                --liquibase formatted sql
                --changeset a:1
                CREATE TABLE t (x INT);
                --changeset a:2
                --preconditions onFail:MARK_RAN
                --precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM t
                CREATE TABLE audit (x INT);
                --changeset a:3
                --preconditions onFail:WARN
                --precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM t
                CREATE TABLE runs_anyway (x INT);
                --changeset a:4
                --preconditions onFail:MARK_RAN
                --precondition-table-exists table:t
                CREATE INDEX t_x ON t (x);
                --changeset a:5 dbms:oracle
                --precondition-sql-check expectedResult:0 SELECT 1 FROM dual
                CREATE TABLE only_oracle (x NUMBER);
                """;
        List<LiquibaseSql.Uncertain> uncertain = new java.util.ArrayList<>();
        assertEquals(List.of("CREATE TABLE t (x INT)", "CREATE TABLE runs_anyway (x INT)", "CREATE INDEX t_x ON t (x)"),
                LiquibaseSql.statements(file, "postgresql", uncertain).stream().map(ScriptStatement::sql).toList());
        assertEquals(List.of("a:2 runs only when its precondition holds (sql-check expectedResult:0 SELECT COUNT(*) FROM t), "
                        + "which a heal cannot know"),
                uncertain.stream().map(u -> u.id() + " " + u.why()).toList(), "not the other database's changeset");
        assertTrue(uncertain.get(0).text().contains("CREATE TABLE audit"));
    }

    @Test
    void tableAndViewExistsAreEvaluatedOnWhatTheChangesetsBeforeMade() throws Exception {
        String file = """
                --liquibase formatted sql
                --changeset a:1
                CREATE TABLE t (x INT);
                --changeset a:2
                --preconditions onFail:MARK_RAN
                --precondition-table-exists table:t
                CREATE INDEX t_x ON t (x);
                --changeset a:3
                --preconditions onFail:MARK_RAN
                --precondition-table-exists table:missing
                CREATE TABLE never_made (x INT);
                --changeset a:4
                --precondition-view-exists view:nope
                CREATE TABLE after_a_halt (x INT);
                --changeset a:5
                --preconditions onFail:WARN
                --precondition-table-exists table:missing
                CREATE TABLE runs_with_a_warning (x INT);
                --changeset a:6
                --preconditions onFail:MARK_RAN
                --precondition-table-exists table:t schema:other
                CREATE TABLE in_another_schema (x INT);
                """;
        MadeSoFar made = new MadeSoFar("postgresql");
        made.ran("CREATE TABLE earlier (x INT)"); // what the files before made
        List<LiquibaseSql.Uncertain> uncertain = new java.util.ArrayList<>();
        assertEquals(List.of("CREATE TABLE t (x INT)", "CREATE INDEX t_x ON t (x)", "CREATE TABLE runs_with_a_warning (x INT)"),
                LiquibaseSql.statements(file, "postgresql", uncertain, made).stream().map(ScriptStatement::sql).toList(),
                "MARK_RAN on a table that is not there leaves its changeset out, as Liquibase did");
        assertEquals(List.of("a:4", "a:6"), uncertain.stream().map(LiquibaseSql.Uncertain::id).toList(),
                "a failing HALT, and a schema not told here, are not read");
        assertTrue(made.hasTable("t") && made.hasTable("earlier") && !made.hasTable("never_made") && made.hasIndex("t_x"));
    }

    @Test
    void aChangelogIsReadForItsIncludesAndOneWithChangesOfItsOwnNamesTheModule() throws Exception {
        List<LiquibaseChangelog.Include> xml = LiquibaseChangelog.includes("master.xml", """
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
                    <include file="db/changes/001.sql"/>
                    <includeAll path="later/" relativeToChangelogFile="true"/>
                </databaseChangeLog>
                """);
        assertEquals(List.of(new LiquibaseChangelog.Include(false, "db/changes/001.sql", false),
                new LiquibaseChangelog.Include(true, "later/", true)), xml);
        assertEquals(List.of(new LiquibaseChangelog.Include(false, "a.sql", true)), LiquibaseChangelog.includes("m.json",
                "{\"databaseChangeLog\": [{\"include\": {\"file\": \"a.sql\", \"relativeToChangelogFile\": true}}]}"));
        ManifestException e = assertThrows(ManifestException.class, () -> LiquibaseChangelog.includes("m.yaml",
                "databaseChangeLog:\n  - changeSet:\n      id: 1\n      changes:\n        - createTable:\n            tableName: t\n"));
        assertTrue(e.getMessage().contains("schemaheal-liquibase"), e.getMessage());
    }

    @Test
    void aCommentThatSaysIncludeOrChangeSetIsNoEntry() throws Exception {
        String xml = """
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
                    <!-- include file="old/002.sql" was here; changeSet 3 moved to 003.sql -->
                    <include file="db/changes/001.sql"/>
                </databaseChangeLog>
                """;
        String text = LiquibaseChangelog.withoutComments("master.xml", xml);
        assertEquals(xml.lines().count(), text.lines().count(), "line for line");
        assertEquals(List.of(new LiquibaseChangelog.Include(false, "db/changes/001.sql", false)),
                LiquibaseChangelog.includes("master.xml", text));
        String yaml = "databaseChangeLog:\n  # - include: {file: old.sql}   a changeSet once\n  - include:\n"
                + "      file: 'a#b.sql' # kept: the quote holds the #\n";
        assertEquals(List.of(new LiquibaseChangelog.Include(false, "a#b.sql", false)),
                LiquibaseChangelog.includes("m.yaml", LiquibaseChangelog.withoutComments("m.yaml", yaml)));
    }
}
