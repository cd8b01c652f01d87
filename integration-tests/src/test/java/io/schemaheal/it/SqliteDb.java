package io.schemaheal.it;

import io.schemaheal.manifest.ManifestCache;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** A real SQLite database file, opened raw or through {@code jdbc:heal:sqlite:}, and questions about its schema. */
final class SqliteDb implements TestDatabase {

    final Path file;

    SqliteDb(Path file) {
        this.file = file;
    }

    @Override
    public String kind() {
        return "sqlite";
    }

    @Override
    public String url() {
        return "jdbc:sqlite:" + file;
    }

    @Override
    public Connection raw() throws SQLException {
        return DriverManager.getConnection(url());
    }

    /** The file stays in the test's temporary directory, which JUnit removes. */
    @Override
    public void close() {
    }

    @Override
    public Connection heal(String migrations, String... moreProperties) throws SQLException {
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", migrations);
        for (int i = 0; i < moreProperties.length; i += 2) {
            p.setProperty(moreProperties[i], moreProperties[i + 1]);
        }
        return DriverManager.getConnection("jdbc:heal:sqlite:" + file, p);
    }

    /** name → SQL of every table, index, trigger and view (SQLite's own record of the schema). */
    Map<String, String> schema() throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = raw(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")) {
            while (rs.next()) {
                out.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3));
            }
        }
        return out;
    }

    boolean has(String type, String name) throws SQLException {
        return schema().containsKey(type + " " + name);
    }

    List<String> columns(String table) throws SQLException {
        return strings("SELECT name FROM pragma_table_info(?) ORDER BY cid", table);
    }

    List<String> indexes(String table) throws SQLException {
        return strings("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name", table);
    }

    long count(String sql, Object... args) throws SQLException {
        try (Connection c = raw()) {
            return Queries.count(c, sql, args);
        }
    }

    /** The rows of the heal history: table_name → row. */
    List<Map<String, Object>> history() throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = raw(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM schemaheal_history ORDER BY id")) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int k = 1; k <= rs.getMetaData().getColumnCount(); k++) {
                    row.put(rs.getMetaData().getColumnName(k), rs.getObject(k));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    List<String> historyTables() throws SQLException {
        return history().stream().map(r -> (String) r.get("table_name")).toList();
    }

    private List<String> strings(String sql, String arg) throws SQLException {
        try (Connection c = raw()) {
            return Queries.strings(c, sql, arg);
        }
    }

    /** Tests that rewrite scripts in place need the manifest built again. */
    static void forgetManifests() {
        ManifestCache.clear();
    }
}
