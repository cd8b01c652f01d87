package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The heal on a real MariaDB server, each test in a database of its own. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MariaDbHealTest {

    ServerDb db;
    @TempDir
    Path dir;

    @BeforeEach
    void database() throws SQLException {
        db = ServerDb.mariadb();
    }

    @AfterEach
    void drop() throws SQLException {
        if (db != null) {
            db.close();
        }
        SqliteDb.forgetManifests();
    }

    /**
     * An AgentOS-like set in MySQL syntax (test resources agentos/mariadb): v08's chat tables depend on v01's
     * tasks; v11 adds a column later.
     */
    private String migrations() throws Exception {
        return "filesystem:" + NothingElseChangesTest.resource("agentos/mariadb");
    }

    /** Seed 000 on MariaDB: every migration but v08 applied, the version table at this abridged set's newest, 0.11.0. */
    private void drift() throws SQLException {
        db.execute("""
                CREATE TABLE tasks (task_id VARCHAR(64) PRIMARY KEY, title VARCHAR(255) NOT NULL,
                                    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB;
                CREATE INDEX idx_tasks_created ON tasks(created_at);
                CREATE TABLE command_history (id BIGINT AUTO_INCREMENT PRIMARY KEY, command VARCHAR(255) NOT NULL);
                CREATE TABLE schema_version (version VARCHAR(20) PRIMARY KEY);
                INSERT INTO schema_version VALUES ('0.10.0'), ('0.11.0');
                """);
    }

    @Test
    void seed000DriftHealsOnMariaDb() throws Exception {
        String m = migrations();
        drift();
        try (Connection c = db.heal(m); PreparedStatement ps = c.prepareStatement("SELECT * FROM chat_messages WHERE session_id = ?")) {
            ps.setString(1, "s1");
            try (ResultSet rs = ps.executeQuery()) {
                assertFalse(rs.next());
            }
        }
        assertEquals(List.of("message_id", "session_id", "role", "content", "metadata"), db.columns("chat_messages"));
        assertEquals(List.of("chat_sessions", "chat_messages"), db.historyTables());
        assertEquals(2, db.count("SELECT count(*) FROM schema_version"), "the version table untouched");
        assertEquals(1, db.count("SELECT count(*) FROM information_schema.statistics WHERE table_schema = DATABASE() "
                + "AND index_name = 'idx_chat_messages_session'"));
    }

    /** Seed 000 through MySQL's own driver ({@code jdbc:heal:mysql:}, MySQL Connector/J) on the MariaDB server. */
    @Test
    void seed000DriftHealsThroughMySqlsOwnDriver() throws Exception {
        String m = migrations();
        drift();
        java.util.Properties p = new java.util.Properties();
        p.setProperty("schemaheal.migrations", m);
        String url = "jdbc:heal:mysql:" + db.url.substring("jdbc:mariadb:".length());
        try (Connection c = java.sql.DriverManager.getConnection(url, p);
             PreparedStatement ps = c.prepareStatement("SELECT * FROM chat_messages WHERE session_id = ?")) {
            assertEquals("MySQL Connector/J", c.getMetaData().getDriverName(), "MySQL's own driver");
            ps.setString(1, "s1");
            try (ResultSet rs = ps.executeQuery()) {
                assertFalse(rs.next());
            }
        }
        assertEquals(List.of("message_id", "session_id", "role", "content", "metadata"), db.columns("chat_messages"));
        assertEquals(List.of("chat_sessions", "chat_messages"), db.historyTables());
    }

    @Test
    void insideATransactionTheHealRunsAsideAndTheTransactionContinues() throws Exception {
        String m = migrations();
        drift();
        try (Connection c = db.heal(m)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO tasks (task_id, title) VALUES ('t1', 'earlier write')");
                st.executeUpdate("INSERT INTO chat_sessions (session_id, task_id) VALUES ('s1', 't1')");
            }
            c.rollback();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO tasks (task_id, title) VALUES ('t2', 'kept')");
                st.executeUpdate("INSERT INTO chat_sessions (session_id, task_id) VALUES ('s2', 't2')");
            }
            c.commit();
        }
        assertEquals(List.of("t2"), db.strings("SELECT task_id FROM tasks"), "rollback dropped t1, commit kept t2");
        assertEquals(List.of("s2"), db.strings("SELECT session_id FROM chat_sessions"));
        assertEquals(List.of("chat_sessions"), db.historyTables(), "the healed table stayed after the rollback");
    }

    /**
     * Errno 150: a parent that an existing child's foreign key still references, made again by its first CREATE
     * (no primary key yet: a later migration adds it). The CREATE runs with foreign-key checks off for that
     * statement only: the parent heals in full, and the checks are on again for the application's statements.
     */
    @Test
    void aParentThatChildrenStillReferenceIsMadeAgainAndTheChecksComeBack() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("fk150"),
                "V1__parent.sql", "CREATE TABLE parent (id INT NOT NULL) ENGINE=InnoDB;",
                "V2__parent_key.sql", "ALTER TABLE parent ADD PRIMARY KEY (id);",
                "V3__child.sql", "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, "
                        + "CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB;");
        NothingElseChangesTest.applyAll(db, io.schemaheal.manifest.MigrationManifest.build(List.of(m)));
        db.dropTable("parent");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO parent (id) VALUES (1)");
            st.executeUpdate("INSERT INTO child (id, parent_id) VALUES (1, 1)");
            SQLException orphan = assertThrows(SQLException.class,
                    () -> st.executeUpdate("INSERT INTO child (id, parent_id) VALUES (2, 2)"));
            assertEquals(1452, orphan.getErrorCode(), "foreign-key checks are on again: " + orphan.getMessage());
            try (java.sql.ResultSet rs = st.executeQuery("SELECT @@session.foreign_key_checks")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
        assertEquals(List.of("parent"), db.historyTables());
        assertEquals(1, db.count("SELECT count(*) FROM information_schema.table_constraints WHERE table_schema = DATABASE() "
                + "AND table_name = 'parent' AND constraint_type = 'PRIMARY KEY'"), "the later primary key came too");
    }

    /**
     * Errno 121: a column added together with its named foreign key and unique key in one statement
     * ({@code ADD COLUMN ..., ADD CONSTRAINT fk ..., ADD UNIQUE KEY uq ...}) comes back with them once: what the
     * replayed statement already made is not added a second time.
     */
    /**
     * Conductor's V6, verbatim (issue: the heal kept the drop and lost the create): an index dropped through a text prepared
     * only if it exists, then made again under the same name with one more column. The table heals with the new index,
     * exactly as the real client migrated it; the index as first made is not left.
     */
    @Test
    void anIndexDroppedThroughAPreparedTextAndMadeAgainComesBackAsMadeAgain() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("qm"),
                "V1__queue.sql", "CREATE TABLE queue_message (id INT PRIMARY KEY, queue_name VARCHAR(64), popped BOOLEAN, "
                        + "deliver_on TIMESTAMP NULL, created_on TIMESTAMP NULL, priority TINYINT DEFAULT 0, "
                        + "KEY combo_queue_message (queue_name, popped, deliver_on, created_on)) ENGINE=InnoDB;\n",
                "V2__new_qm_index_with_priority.sql", java.nio.file.Files.readString(NothingElseChangesTest.resource(
                        "realworld/conductor-mysql/V6__new_qm_index_with_priority.sql"))); // verbatim
        NothingElseChangesTest.applyAll(db, io.schemaheal.manifest.MigrationManifest.build(List.of(m)));
        Map<String, String> migrated = SchemaSnapshot.of(db);
        assertTrue(migrated.get("queue_message").contains(
                "KEY `combo_queue_message` (`queue_name`,`priority`,`popped`,`deliver_on`,`created_on`)"),
                migrated.get("queue_message"));
        db.dropTable("queue_message");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeQuery("SELECT count(*) FROM queue_message").close();
        }
        assertEquals(migrated, SchemaSnapshot.of(db), "the index as made again, once");
        assertEquals(List.of("healed"), db.strings("SELECT outcome FROM schemaheal_history WHERE table_name = 'queue_message'"));
    }

    @Test
    void aColumnAddedWithItsNamedKeysInOneStatementComesBackWithThemOnce() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("fk121"),
                "V1__tables.sql", "CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB;\n"
                        + "CREATE TABLE child (id INT PRIMARY KEY) ENGINE=InnoDB;",
                "V2__child_parent.sql", "ALTER TABLE child ADD COLUMN parent_id INT, ADD COLUMN code VARCHAR(20), "
                        + "ADD CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id), "
                        + "ADD UNIQUE KEY uq_child_code (code);");
        NothingElseChangesTest.applyAll(db, io.schemaheal.manifest.MigrationManifest.build(List.of(m)));
        Map<String, String> migrated = SchemaSnapshot.of(db);
        db.execute("ALTER TABLE child DROP FOREIGN KEY fk_child_parent, DROP INDEX uq_child_code, DROP COLUMN parent_id, "
                + "DROP COLUMN code");
        db.execute("INSERT INTO parent (id) VALUES (1)");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO child (id, parent_id, code) VALUES (1, 1, 'a')");
        }
        db.execute("DELETE FROM child; DELETE FROM parent");
        assertEquals(migrated, SchemaSnapshot.of(db), "the columns with their keys, each once");
    }

    @Test
    void anInterruptedHealIsCompletedByTheNext() throws Exception {
        String m = migrations();
        drift();
        // a heal of chat_messages that died after its first statement: chat_sessions exists without its index,
        // chat_messages does not exist (MariaDB DDL commits as it goes)
        db.execute("CREATE TABLE chat_sessions (session_id VARCHAR(64) PRIMARY KEY, title VARCHAR(255), task_id VARCHAR(64), "
                + "FOREIGN KEY (task_id) REFERENCES tasks(task_id)) ENGINE=InnoDB");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO chat_sessions (session_id) VALUES ('s1')");
            assertEquals(1, st.executeUpdate("INSERT INTO chat_messages (message_id, session_id, role, content, metadata) "
                    + "VALUES ('m1', 's1', 'user', 'hi', '{}')"));
        }
        assertEquals(List.of("message_id", "session_id", "role", "content", "metadata"), db.columns("chat_messages"));
        assertEquals(1, db.count("SELECT count(*) FROM information_schema.statistics WHERE table_schema = DATABASE() "
                + "AND index_name = 'idx_chat_sessions_task'"), "the interrupted heal's missing index was completed");
        assertEquals(List.of("chat_messages"), db.historyTables());
    }

    @Test
    void mysqlSchemeAndUnknownTables() throws Exception {
        String m = migrations();
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", m);
        String mysqlUrl = db.url.replace("jdbc:mariadb:", "jdbc:heal:mysql:") + "&permitMysqlScheme";
        try (Connection c = DriverManager.getConnection(mysqlUrl, p); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO command_history (command) VALUES ('ls')");
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM not_migrated"));
            assertEquals(1146, e.getErrorCode());
            assertEquals(0, e.getSuppressed().length);
        }
        assertEquals(List.of("command_history"), db.historyTables());
    }

    @Test
    void aMissingColumnHealsOnMariaDb() throws Exception {
        String m = migrations();
        drift();
        // chat_messages as created before v11 added metadata
        db.execute("""
                CREATE TABLE chat_sessions (session_id VARCHAR(64) PRIMARY KEY, title VARCHAR(255), task_id VARCHAR(64)) ENGINE=InnoDB;
                CREATE TABLE chat_messages (message_id VARCHAR(64) PRIMARY KEY, session_id VARCHAR(64) NOT NULL,
                    role VARCHAR(16) NOT NULL, content TEXT NOT NULL) ENGINE=InnoDB;
                """);
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("INSERT INTO chat_messages (message_id, session_id, role, content, metadata) "
                    + "VALUES ('m1', 's1', 'user', 'hi', '{}')"));
        }
        assertEquals(List.of("message_id", "session_id", "role", "content", "metadata"), db.columns("chat_messages"));
        assertEquals(List.of("chat_messages"), db.strings("SELECT table_name FROM schemaheal_history WHERE outcome = 'healed column'"));
    }

    /**
     * MariaDB keeps a child's foreign key when its parent is dropped (with checks off), so a healed parent
     * finds it in place; one that is gone (dropped by hand) is added back with checks off for that statement:
     * the child's rows, pointing at users that are gone, are not checked or touched.
     */
    @Test
    void aHealedParentHasItsChildrensForeignKeysBackOnceEach() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("parent"),
                "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40));",
                "V2__orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT NOT NULL, "
                        + "CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id));",
                "V3__invoices.sql", "CREATE TABLE invoices (id INT PRIMARY KEY, user_id INT);\n"
                        + "ALTER TABLE invoices ADD CONSTRAINT invoices_user_fk FOREIGN KEY (user_id) REFERENCES users (id);");
        NothingElseChangesTest.applyAll(db, io.schemaheal.manifest.MigrationManifest.build(List.of(m)));
        db.execute("INSERT INTO users (id, name) VALUES (1, 'Ann')");
        db.execute("INSERT INTO orders (id, user_id) VALUES (1, 1)");
        db.execute("INSERT INTO invoices (id, user_id) VALUES (1, 1)");
        db.execute("ALTER TABLE invoices DROP FOREIGN KEY invoices_user_fk");
        db.execute("SET SESSION foreign_key_checks = 0; DROP TABLE users; SET SESSION foreign_key_checks = 1");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeQuery("SELECT count(*) FROM users").close();
            SQLException orphan = assertThrows(SQLException.class,
                    () -> st.executeUpdate("INSERT INTO invoices (id, user_id) VALUES (2, 42)"));
            assertEquals(1452, orphan.getErrorCode(), "the foreign key holds for new rows again");
        }
        assertEquals(List.of("invoices.invoices_user_fk", "orders.orders_user_fk"), db.strings("SELECT CONCAT(table_name, '.', "
                + "constraint_name) FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() "
                + "ORDER BY 1"), "each child's key once");
        assertEquals(1, db.count("SELECT count(*) FROM invoices WHERE user_id = 1"), "the children's rows are untouched");
    }
}
