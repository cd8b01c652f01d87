package io.schemaheal.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that makes each relation of a test database what it is, read from the database's own
 * catalog: columns (types, defaults, nullability), indexes, constraints, triggers, owner, view
 * definitions, and every row. Two snapshots of one relation are equal exactly when a heal left it alone.
 */
final class SchemaSnapshot {

    private SchemaSnapshot() {
    }

    /** relation → its description; the heal history table is left out (every heal writes it). */
    /**
     * A snapshot without the migration tools' own tables (Flyway's and Liquibase's record when each database was
     * migrated, so they differ), with the test schemas' random names made one: what two databases migrated alike share.
     */
    /** Each server test database is a schema of its own ({@code sh_...}), whose name index definitions carry: left out. */
    static Map<String, String> withoutSchemaNames(Map<String, String> snapshot) {
        Map<String, String> out = new TreeMap<>();
        snapshot.forEach((k, v) -> out.put(k, v.replaceAll("\\bsh_[0-9a-f]+\\.", "")));
        return out;
    }

    /** A seed row's {@code DEFAULT current_timestamp} is the time its insert ran, not the migration's: left out. */
    static String withoutInsertTimes(String shape) {
        return shape.replaceAll("\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?", "TIME");
    }

    static Map<String, String> withoutMigrationToolTables(Map<String, String> snapshot) {
        Map<String, String> out = new TreeMap<>();
        snapshot.forEach((k, v) -> {
            String table = k.toLowerCase(java.util.Locale.ROOT);
            if (!table.equals("flyway_schema_history") && !table.startsWith("databasechangelog")) {
                out.put(k, v.replaceAll("\\bsh_[0-9a-f]+\\b", "SCHEMA"));
            }
        });
        return out;
    }

    static Map<String, String> of(TestDatabase db) throws SQLException {
        Map<String, List<String>> facts = new TreeMap<>();
        try (Connection c = db.raw()) {
            switch (db.kind()) {
                case "sqlite" -> {
                    collect(c, facts, "SELECT tbl_name, type || ' ' || name || ': ' || sql FROM sqlite_master "
                            + "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'");
                }
                case "postgresql" -> {
                    collect(c, facts, "SELECT table_name, 'column ' || column_name || ' ' || data_type "
                            + "|| coalesce('(' || character_maximum_length || ')', '') || ' null=' || is_nullable "
                            + "|| ' default=' || coalesce(column_default, '') FROM information_schema.columns "
                            + "WHERE table_schema = current_schema() ORDER BY ordinal_position");
                    collect(c, facts, "SELECT tablename, 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()");
                    collect(c, facts, "SELECT r.relname, 'constraint ' || k.conname || ': ' || pg_get_constraintdef(k.oid) "
                            + "FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
                            + "WHERE n.nspname = current_schema()");
                    collect(c, facts, "SELECT r.relname, 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t "
                            + "JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
                            + "WHERE n.nspname = current_schema() AND NOT t.tgisinternal");
                    collect(c, facts, "SELECT tablename, 'owner ' || tableowner FROM pg_tables WHERE schemaname = current_schema()");
                    collect(c, facts, "SELECT viewname, 'view ' || definition FROM pg_views WHERE schemaname = current_schema()");
                    collect(c, facts, "SELECT matviewname, 'materialized view ' || definition FROM pg_matviews "
                            + "WHERE schemaname = current_schema()");
                }
                case "mariadb" -> {
                    for (String t : Queries.strings(c, "SELECT table_name FROM information_schema.tables "
                            + "WHERE table_schema = DATABASE()")) {
                        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + t + "`")) {
                            rs.next();
                            facts.computeIfAbsent(t, k -> new ArrayList<>())
                                    .add(rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", ""));
                        }
                    }
                    collect(c, facts, "SELECT event_object_table, CONCAT('trigger ', trigger_name, ' ', action_timing, ' ', "
                            + "event_manipulation, ': ', action_statement) FROM information_schema.triggers WHERE trigger_schema = DATABASE()");
                }
                default -> throw new IllegalArgumentException(db.kind());
            }
            for (String table : tables(c, db.kind())) {
                facts.computeIfAbsent(table, k -> new ArrayList<>()).add("rows " + rows(c, table, db.kind()));
            }
        }
        facts.remove("schemaheal_history");
        facts.remove("schemaheal_history_journal"); // where DDL is not transactional: the steps of heals under way
        Map<String, String> out = new TreeMap<>();
        facts.forEach((relation, lines) -> out.put(relation, String.join("\n", lines.stream().sorted().toList())));
        return out;
    }

    /** The base tables of the test's schema or database. */
    static List<String> tables(Connection c, String kind) throws SQLException {
        return Queries.strings(c, switch (kind) {
            case "sqlite" -> "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                    + "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name";
            case "postgresql" -> "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                    + "AND table_type = 'BASE TABLE' ORDER BY 1";
            default -> "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                    + "AND table_type = 'BASE TABLE' ORDER BY 1";
        });
    }

    private static void collect(Connection c, Map<String, List<String>> facts, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                facts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
    }

    /** Every row, each as its columns' values, sorted: the same rows give the same text. */
    private static String rows(Connection c, String table, String kind) throws SQLException {
        String quoted = kind.equals("mariadb") ? "`" + table + "`" : "\"" + table + "\"";
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + quoted)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder("(");
                for (int k = 1; k <= md.getColumnCount(); k++) {
                    row.append(k > 1 ? ", " : "").append(rs.getString(k));
                }
                rows.add(row.append(')').toString());
            }
        }
        rows.sort(null);
        return rows.size() + " " + rows;
    }

    /**
     * As {@link #changed(Map, Map, java.util.Set)}, but a relation the heal brought back to exactly what it was
     * in {@code original} (before the drop took, say, its foreign key to the dropped table) is not a change;
     * a foreign key added back {@code NOT VALID} counts as the one it was.
     */
    static List<String> changedExceptRestored(Map<String, String> original, Map<String, String> before,
                                              Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (String change : changed(before, after, java.util.Set.of())) {
            String relation = change.substring(0, change.indexOf(':'));
            String now = after.get(relation);
            String was = original.get(relation);
            if (now == null || was == null || !now.replace(" NOT VALID", "").equals(was.replace(" NOT VALID", ""))) {
                out.add(change);
            }
        }
        return out;
    }

    /**
     * What dropping {@code dropped} took from other relations ({@code before}, the snapshot after the drop, differs
     * from {@code original}: PostgreSQL's {@code CASCADE} takes their foreign keys) that the heal did not give back
     * exactly ({@code after}).
     */
    static List<String> notGivenBack(Map<String, String> original, Map<String, String> before,
                                     Map<String, String> after, String dropped) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : original.entrySet()) {
            if (!e.getKey().equals(dropped) && !e.getValue().equals(before.get(e.getKey()))
                    && !e.getValue().equals(after.get(e.getKey()))) {
                out.add(e.getKey() + ": " + lineChanges(e.getValue(), after.get(e.getKey())));
            }
        }
        return out;
    }

    /**
     * How {@code after} differs from {@code migrated}, relation by relation (times of rows inserted aside): each one
     * missing, added, or with the lines it lacks and has instead.
     */
    static List<String> differences(Map<String, String> migrated, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> relations = new java.util.TreeSet<>(migrated.keySet());
        relations.addAll(after.keySet());
        for (String r : relations) {
            String was = migrated.get(r) == null ? null : withoutInsertTimes(migrated.get(r));
            String now = after.get(r) == null ? null : withoutInsertTimes(after.get(r));
            if (was == null || now == null) {
                out.add(r + (was == null ? " is there, which the migrations did not make" : " is gone"));
            } else if (!was.equals(now)) {
                out.add(r + " " + lineChanges(was, now));
            }
        }
        return out;
    }

    /** The lines of a relation's description {@code was} has and {@code now} (null: gone) lacks, and the other way. */
    private static String lineChanges(String was, String now) {
        List<String> before = List.of(was.split("\n"));
        List<String> after = now == null ? List.of() : List.of(now.split("\n"));
        return "lacks " + before.stream().filter(l -> !after.contains(l)).toList()
                + ", has instead " + after.stream().filter(l -> !before.contains(l)).toList();
    }

    /** The relations whose description differs between two snapshots, among those both hold, but {@code except}. */
    static List<String> changed(Map<String, String> before, Map<String, String> after, java.util.Set<String> except) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (except.contains(e.getKey())) {
                continue;
            }
            String now = after.get(e.getKey());
            if (!e.getValue().equals(now)) {
                out.add(e.getKey() + ":\n  before: " + e.getValue().replace("\n", "\n          ")
                        + "\n  after:  " + (now == null ? "(gone)" : now.replace("\n", "\n          ")));
            }
        }
        return out;
    }
}
