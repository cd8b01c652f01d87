package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user relies on, whichever database: one suite, one migration set, run on a SQLite file, PostgreSQL and
 * MariaDB, so that what holds where shows at a glance. Database-specific behaviour (PostgreSQL's aborted
 * transactions, MariaDB's non-transactional DDL, enums, sequences) stays in {@code PostgresHealTest},
 * {@code MariaDbHealTest} and the seed tests.
 */
class HealContractTest extends MigrationSetTest {

    private String migrations() throws Exception {
        return TestDatabase.migrations(dir.resolve("migrations"),
                "V1__projects.sql", "CREATE TABLE projects (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);\n",
                "V2__tasks.sql", """
                        CREATE TABLE tasks (
                            id INTEGER PRIMARY KEY,
                            project_id INTEGER NOT NULL,
                            title VARCHAR(200) NOT NULL,
                            FOREIGN KEY (project_id) REFERENCES projects (id)
                        );
                        CREATE INDEX idx_tasks_project ON tasks (project_id);
                        """,
                "V3__task_due.sql", "ALTER TABLE tasks ADD COLUMN due VARCHAR(20);\n");
    }

    /** The set applied as its migration tool would, on the raw connection. */
    private String migrated(TestDatabase db) throws Exception {
        String m = migrations();
        for (String file : List.of("V1__projects.sql", "V2__tasks.sql", "V3__task_due.sql")) {
            db.execute(java.nio.file.Files.readString(dir.resolve("migrations").resolve(file)));
        }
        db.execute("INSERT INTO projects (id, name) VALUES (1, 'apollo')");
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    @Timeout(60)
    void aLostTableIsHealedOnTheFirstStatementWhichSucceeds(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = migrated(db);
            db.dropTable("tasks");
            try (Connection c = db.heal(m); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tasks (id, project_id, title) VALUES (?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setInt(2, 1);
                ps.setString(3, "launch");
                assertEquals(1, ps.executeUpdate(), "the application's statement succeeded");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("id", "project_id", "title", "due"), Queries.columns(c, "tasks"), "every migration's columns");
                assertEquals(List.of("launch"), Queries.rows(c, "SELECT title FROM tasks"));
                assertEquals(List.of("tasks|healed"), Queries.rows(c, "SELECT table_name, outcome FROM schemaheal_history"),
                        "one history row: the script was applied once");
                assertTrue(indexes(c, "tasks").contains("idx_tasks_project"), "with its index");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    @Timeout(60)
    void aTableTheMigrationsDoNotDefineGivesTheApplicationItsOwnException(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = migrated(db);
            SQLException raw;
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                raw = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM nowhere"));
            }
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM nowhere"));
                assertEquals(raw.getClass(), e.getClass());
                assertEquals(raw.getSQLState(), e.getSQLState());
                assertEquals(raw.getErrorCode(), e.getErrorCode());
                // the same message (MariaDB's names the connection, which differs)
                assertEquals(raw.getMessage().replaceFirst("^\\(conn=\\d+\\) ", ""),
                        e.getMessage().replaceFirst("^\\(conn=\\d+\\) ", ""), "the driver's exception, as it was");
                assertEquals(0, e.getSuppressed().length, "nothing added: it is none of SchemaHeal's business");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of(), tables(c, "schemaheal_history"), "no heal, so no history table");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    @Timeout(60)
    void aLostColumnIsHealedThroughATableAlias(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = migrated(db);
            db.execute("INSERT INTO tasks (id, project_id, title, due) VALUES (1, 1, 'launch', 'monday')");
            db.execute("ALTER TABLE tasks DROP COLUMN due");
            try (Connection c = db.heal(m)) {
                assertEquals(List.of("launch|null"), Queries.rows(c, "SELECT t.title, t.due FROM tasks t"));
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("id", "project_id", "title", "due"), Queries.columns(c, "tasks"));
                assertEquals(List.of("tasks|healed column"), Queries.rows(c, "SELECT table_name, outcome FROM schemaheal_history"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    @Timeout(60)
    void insideATransactionTheEarlierWritesSurviveTheHealAndCommitKeepsThem(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = migrated(db);
            db.dropTable("tasks");
            try (Connection c = db.heal(m)) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO projects (id, name) VALUES (2, 'gemini')");
                    st.executeUpdate("INSERT INTO tasks (id, project_id, title) VALUES (1, 2, 'dock')");
                }
                c.commit();
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("apollo", "gemini"), Queries.rows(c, "SELECT name FROM projects ORDER BY id"));
                assertEquals(List.of("dock"), Queries.rows(c, "SELECT title FROM tasks"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    @Timeout(60)
    void aLostParentComesBackAndItsChildKeepsItsForeignKey(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = migrated(db);
            db.dropTable("projects"); // CASCADE on PostgreSQL: the child's foreign key goes with it
            try (Connection c = db.heal(m)) {
                assertEquals(List.of(), Queries.rows(c, "SELECT name FROM projects"), "healed: empty, as created");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("id", "name"), Queries.columns(c, "projects"));
                assertEquals(List.of("projects"), foreignKeyTargets(c, "tasks"), "the child's foreign key is there");
                assertTrue(tables(c, "tasks").size() == 1, "the child was never touched");
            }
        }
    }


    private static List<String> tables(Connection c, String table) throws SQLException {
        return names(c.getMetaData().getTables(c.getCatalog(), c.getSchema(), table, null), "TABLE_NAME");
    }

    private static List<String> indexes(Connection c, String table) throws SQLException {
        return names(c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table, false, false), "INDEX_NAME");
    }

    private static List<String> foreignKeyTargets(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        return names(md.getImportedKeys(c.getCatalog(), c.getSchema(), table), "PKTABLE_NAME");
    }

    private static List<String> names(ResultSet rs, String column) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                String name = rs.getString(column);
                if (name != null) {
                    out.add(name.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }
}
