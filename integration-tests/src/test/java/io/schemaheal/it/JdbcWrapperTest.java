package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import io.schemaheal.jdbc.HealingConnection;
import io.schemaheal.jdbc.HealingDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.sql.SQLException;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wrappers are transparent: unwrap sees through them, back-references return the wrappers, every call path heals. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdbcWrapperTest {

    @TempDir
    Path dir;

    private String migrations() throws Exception {
        Path m = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(m.resolve("V1__notes.sql"), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);");
        Files.writeString(m.resolve("V2__tags.sql"), "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);");
        return "filesystem:" + m;
    }

    @Test
    void unwrapAndBackReferences() throws Exception {
        SqliteDb db = new SqliteDb(dir.resolve("w.sqlite"));
        try (Connection c = db.heal(migrations())) {
            assertTrue(c instanceof HealingConnection);
            assertTrue(c.isWrapperFor(SQLiteConnection.class));
            SQLiteConnection vendor = c.unwrap(SQLiteConnection.class);
            assertEquals("org.sqlite.jdbc4.JDBC4Connection", vendor.getClass().getName());
            assertSame(c, c.getMetaData().getConnection());
            try (ResultSet tables = c.getMetaData().getTables(null, null, "%", null)) {
                assertEquals(null, tables.getStatement(), "a metadata result never hands out the driver's statement");
                assertTrue(tables.isWrapperFor(org.sqlite.core.CoreResultSet.class));
            }
            try (Statement st = c.createStatement()) {
                assertSame(c, st.getConnection());
                try (ResultSet rs = st.executeQuery("SELECT * FROM notes")) {
                    assertSame(st, rs.getStatement());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM notes WHERE id = ?")) {
                ps.setInt(1, 1);
                ResultSet first = ps.executeQuery();
                ResultSet second = ps.executeQuery();
                assertSame(ps, second.getStatement());
                assertSame(first, second, "sqlite-jdbc reuses its result set, so the wrapper is reused: no allocation per execute");
            }
            // sqlite-jdbc has no callable statements: its own error reaches the caller untouched
            java.sql.SQLException noCalls = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> c.prepareCall("SELECT * FROM tags"));
            assertTrue(noCalls.getMessage().contains("Stored Procedures"), noCalls.getMessage());
            assertEquals(0, noCalls.getSuppressed().length);
        }
        assertEquals(1, db.history().size());
    }

    @Test
    void everyExecuteVariantHeals() throws Exception {
        String m = migrations();
        String sql = "INSERT INTO notes (body) VALUES ('x')";
        String query = "SELECT count(*) FROM notes";
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("executeUpdate", (c, st) -> st.executeUpdate(sql));
        variants.put("executeUpdate(keys)", (c, st) -> st.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS));
        variants.put("executeUpdate(int[])", (c, st) -> st.executeUpdate(sql, new int[] {1}));
        variants.put("executeUpdate(String[])", (c, st) -> st.executeUpdate(sql, new String[] {"id"}));
        variants.put("executeLargeUpdate", (c, st) -> st.executeLargeUpdate(sql));
        variants.put("executeLargeUpdate(keys)", (c, st) -> st.executeLargeUpdate(sql, Statement.RETURN_GENERATED_KEYS));
        variants.put("executeLargeUpdate(int[])", (c, st) -> st.executeLargeUpdate(sql, new int[] {1}));
        variants.put("executeLargeUpdate(String[])", (c, st) -> st.executeLargeUpdate(sql, new String[] {"id"}));
        variants.put("execute", (c, st) -> st.execute(sql));
        variants.put("execute(keys)", (c, st) -> st.execute(sql, Statement.RETURN_GENERATED_KEYS));
        variants.put("execute(int[])", (c, st) -> st.execute(sql, new int[] {1}));
        variants.put("execute(String[])", (c, st) -> st.execute(sql, new String[] {"id"}));
        variants.put("executeQuery", (c, st) -> {
            try (ResultSet rs = st.executeQuery(query)) {
                rs.next();
            }
            return st.executeUpdate(sql);
        });
        variants.put("prepared executeUpdate", (c, st) -> {
            try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                return ps.executeUpdate();
            }
        });
        variants.put("prepared executeLargeUpdate", (c, st) -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return ps.executeLargeUpdate();
            }
        });
        variants.put("prepared execute", (c, st) -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return ps.execute();
            }
        });
        variants.put("prepared executeQuery", (c, st) -> {
            try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
            return st.executeUpdate(sql);
        });
        int n = 0;
        for (Map.Entry<String, Variant> v : variants.entrySet()) {
            SqliteDb db = new SqliteDb(dir.resolve("v" + n++ + ".sqlite"));
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                if (v.getKey().endsWith("[])")) {
                    // sqlite-jdbc has no generated keys by column: its own exception, untouched, and nothing healed
                    assertThrows(java.sql.SQLFeatureNotSupportedException.class, () -> v.getValue().run(c, st), v.getKey());
                    continue;
                }
                v.getValue().run(c, st);
            }
            assertEquals(1, db.count("SELECT count(*) FROM notes"), v.getKey() + ": healed, and the row written once");
        }
        // generated keys by column name, which pgjdbc has (RETURNING): on PostgreSQL
        try (ServerDb pg = ServerDb.postgres()) {
            String pm = TestDatabase.migrations(dir.resolve("pg"), "V1__notes.sql",
                    "CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT NOT NULL);");
            for (String name : List.of("executeUpdate(String[])", "executeLargeUpdate(String[])", "execute(String[])")) {
                try (Connection c = pg.heal(pm); Statement st = c.createStatement()) {
                    variants.get(name).run(c, st);
                    try (ResultSet keys = st.getGeneratedKeys()) {
                        assertTrue(keys.next(), name + ": the generated key comes back");
                    }
                }
                assertEquals(1, pg.count("SELECT count(*) FROM notes"), name + ": healed, and the row written once");
                pg.execute("DROP TABLE notes");
            }
        }
    }

    /** One way to run the test's insert (or a query first) through SchemaHeal. */
    private interface Variant {
        Object run(Connection c, Statement st) throws SQLException;
    }

    @Test
    void aFailedBatchRunsWhatItHadNotRunOnceTheTableIsHealed() throws Exception {
        SqliteDb db = new SqliteDb(dir.resolve("batch.sqlite"));
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        try (Connection c = db.heal(migrations()); Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO notes (body) VALUES ('ran before the failure')");
            st.addBatch("INSERT INTO tags (name) VALUES ('missing table')");
            st.addBatch("INSERT INTO notes (body) VALUES ('after')");
            assertArrayEquals(new int[] {1, 1, 1}, st.executeBatch());
        }
        assertEquals(2, db.count("SELECT count(*) FROM notes"), "the first insert ran exactly once");
        assertEquals(1, db.count("SELECT count(*) FROM tags"));
    }

    @Test
    void healingDataSourceWrapsAnyDataSource() throws Exception {
        SQLiteDataSource raw = new SQLiteDataSource();
        raw.setUrl("jdbc:sqlite:" + dir.resolve("ds.sqlite"));
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", migrations());
        HealingDataSource ds = new HealingDataSource(raw, p);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("INSERT INTO notes (body) VALUES ('via DataSource')"));
            assertTrue(ds.isWrapperFor(SQLiteDataSource.class));
            assertSame(raw, ds.unwrap(SQLiteDataSource.class));
        }
        assertEquals(1, new SqliteDb(dir.resolve("ds.sqlite")).count("SELECT count(*) FROM notes"));
    }

    @Test
    void anInMemoryDatabaseHealsOnItsOwnConnection() throws Exception {
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", migrations());
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:heal:sqlite::memory:", p);
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO notes (body) VALUES ('in memory')");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM schemaheal_history")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    @Test
    void healingDataSourceResolvesItsSettingsOncePerDatabase() throws Exception {
        Path config = dir.resolve("heal.properties");
        Files.writeString(config, "schemaheal.migrations=" + migrations() + "\n");
        SQLiteDataSource raw = new SQLiteDataSource();
        raw.setUrl("jdbc:sqlite:" + dir.resolve("once.sqlite"));
        Properties p = new Properties();
        p.setProperty("schemaheal.config", config.toString());
        HealingDataSource ds = new HealingDataSource(raw, p);
        try (Connection c = ds.getConnection()) {
            assertTrue(c.isWrapperFor(HealingConnection.class));
        }
        Files.delete(config); // a pool borrowing again must not read the configuration again
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("INSERT INTO notes (body) VALUES ('second borrow')"));
        }
    }
}
