package io.schemaheal.it;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One test database of any kind, as the contract tests that run on SQLite, PostgreSQL and MariaDB
 * alike see it: opened raw or through SchemaHeal, and dropped with {@link #close()}.
 */
interface TestDatabase extends AutoCloseable {

    /**
     * Writes a migration set into {@code folder}: file names and scripts in turn. Returns the location to configure
     * ({@code filesystem:folder}).
     */
    static String migrations(Path folder, String... nameAndScript) throws IOException {
        Path m = Files.createDirectories(folder);
        for (int i = 0; i < nameAndScript.length; i += 2) {
            Files.writeString(m.resolve(nameAndScript[i]), nameAndScript[i + 1]);
        }
        return "filesystem:" + m;
    }

    /** sqlite, postgresql or mariadb. */
    String kind();

    Connection raw() throws SQLException;

    /** The real JDBC URL, credentials included (what a migration tool is given). */
    String url();

    /** The same database through {@code jdbc:heal:}, with extra {@code key, value} connection properties. */
    Connection heal(String migrations, String... moreProperties) throws SQLException;

    /**
     * Runs {@code script} as an operator or a deploy would: by the database's own command-line client
     * ({@link RealClients}), never by SchemaHeal's reading of it. A client's failure comes back as an SQLException.
     */
    default void execute(String script) throws SQLException {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("schemaheal-test-", ".sql");
            try {
                // MariaDB: the whole script goes to the server in one piece, which reads its statements itself (a
                // trigger's BEGIN ... END whole); psql and sqlite3 read compound bodies as their servers do
                java.nio.file.Files.writeString(file, kind().equals("mariadb") ? "DELIMITER $$SCHEMAHEAL$$\n" + script
                        + "\n$$SCHEMAHEAL$$\n" : script.strip().endsWith(";") ? script : script + ";");
                RealClients.run(this, file);
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (AssertionError e) {
            throw new SQLException(e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new SQLException("could not write the script for the client: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the client ran", e);
        }
    }

    /** Drops a table as a careless operator would: whatever depends on it goes too, nothing checks. */
    default void dropTable(String table) throws SQLException {
        try (Connection c = raw(); Statement st = c.createStatement()) {
            switch (kind()) {
                case "postgresql" -> st.execute("DROP TABLE " + table + " CASCADE");
                case "mariadb" -> {
                    st.execute("SET FOREIGN_KEY_CHECKS = 0");
                    st.execute("DROP TABLE " + table);
                }
                default -> st.execute("DROP TABLE " + table);
            }
        }
    }

    @Override
    void close() throws SQLException;

    /** As {@link #open}, but on PostgreSQL in a database of its own ({@link ServerDb#alone}): for real-world sets. */
    static TestDatabase openAlone(String kind, Path dir) throws SQLException {
        return kind.equals("sqlite") ? open(kind, dir) : ServerDb.alone(ServerDb.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)));
    }

    /** A fresh database of the kind: a file in {@code dir} for SQLite, a schema or database of its own on a server. */
    static TestDatabase open(String kind, Path dir) throws SQLException {
        return switch (kind) {
            case "sqlite" -> new SqliteDb(dir.resolve("test.sqlite"));
            case "postgresql" -> ServerDb.postgres();
            case "mariadb" -> ServerDb.mariadb();
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
