package io.schemaheal.dialect.postgres;

import io.schemaheal.dialect.Catalog;
import io.schemaheal.dialect.Deadline;
import io.schemaheal.dialect.ReplayAdmission;
import io.schemaheal.dialect.ScratchReplay;
import io.schemaheal.log.Redact;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.StatementRewrites;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The replay on PostgreSQL, which checks a heal rather than making it: every statement of the set runs in a scratch
 * schema ({@code schemaheal_scratch_<random>}, alone on the search path) inside one transaction of a connection of the
 * heal's own account, the shape of each table it made is read, and the transaction is rolled back: nothing of it is
 * ever committed, and no lock it took outlives it. A heal from the scripts' text stands only where the table it made has
 * that shape ({@link #makesTables} is false). Before it runs, a statement that names a schema the account can see, or
 * that could reach beyond the transaction (a file, a role, a session-wide lock), refuses the replay; while it runs, a
 * lock is waited for a second at most.
 */
final class PostgresScratch implements ScratchReplay {

    private static final String PREFIX = "schemaheal_scratch_";

    private static final ReplayAdmission ADMISSION = new ReplayAdmission(
            Set.of("create", "alter", "drop", "truncate", "insert", "update", "delete", "select", "with", "comment", "do",
                    "values", "analyze", "set", "reset", "call"),
            Set.of("grant", "revoke", "begin", "commit", "start", "end", "rollback", "savepoint", "release", "vacuum"),
            Set.of("table", "index", "view", "trigger", "function", "procedure", "sequence", "type", "domain",
                    "extension", "aggregate", "operator", "cast", "rule", "policy", "collation", "schema", "database",
                    "role", "user", "group", "tablespace", "server", "subscription", "publication", "event", "language"),
            Set.of("table", "index", "view", "trigger", "function", "procedure", "sequence", "type", "domain",
                    "extension", "aggregate", "operator", "cast", "rule", "policy", "collation"),
            Set.of("copy", "search_path", "dblink", "dblink_exec", "pg_advisory_lock", "pg_advisory_lock_shared",
                    "lo_import", "lo_export", "pg_read_file", "pg_read_binary_file", "pg_terminate_backend",
                    "pg_cancel_backend", "set_config"),
            Set.of("current_schema"));

    @Override
    public boolean makesTables() {
        return false;
    }

    @Override
    public Map<String, Relation> replay(Connection guard, Connection replay, String liveSchema, List<Replayed> statements,
                                        Deadline deadline) throws SQLException, Refused {
        Set<String> schemas = new HashSet<>();
        for (String n : Catalog.strings(guard, "SELECT nspname FROM pg_namespace WHERE nspname NOT IN "
                + "('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'")) {
            schemas.add(n.toLowerCase(Locale.ROOT));
        }
        schemas.add(liveSchema.toLowerCase(Locale.ROOT));
        List<Replayed> run = ADMISSION.admitted(statements, schemas);
        String scratch = PREFIX + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        boolean autoCommit = replay.getAutoCommit();
        replay.setAutoCommit(false);
        try (Statement st = replay.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '1s'");
            st.execute("CREATE SCHEMA " + scratch);
            st.execute("SET LOCAL search_path = " + scratch);
            for (Replayed s : run) {
                long left = ScratchReplay.timeLeft(deadline, s, "on a scratch schema");
                try {
                    st.execute("SET LOCAL statement_timeout = " + left);
                    // in the replay's one transaction an index is built at once: its table was just made
                    st.execute(StatementRewrites.withoutConcurrently(s.statement().sql()));
                } catch (SQLException e) {
                    throw new Refused("the replay on a scratch schema stopped at " + s.where() + " ("
                            + s.statement().summary() + "): " + Redact.databaseMessage(e.getMessage()));
                }
            }
            Map<String, Relation> out = new LinkedHashMap<>();
            for (String table : Catalog.strings(replay, "SELECT c.relname FROM pg_class c JOIN pg_namespace n "
                    + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p')", scratch)) {
                out.put(table.toLowerCase(Locale.ROOT), new Relation(definition(replay, scratch, ObjectName.of(table)),
                        Map.of(), List.of(), -1));
            }
            return out;
        } finally {
            try {
                replay.rollback(); // the scratch schema and all it made: nothing of the replay is ever committed
            } finally {
                replay.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * The table's shape, one line each, its schema's name left out wherever the catalog writes it: its columns in
     * order (type, nullability, default, identity, generation), then its constraints, indexes and triggers, sorted.
     */
    @Override
    public String definition(Connection c, String schema, ObjectName table) throws SQLException {
        String oid;
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                oid = rs.getString(1);
            }
        }
        List<String> lines = new ArrayList<>(Catalog.strings(c, "SELECT concat_ws(' ', 'column', a.attname, "
                + "format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'not null' END, "
                + "'default ' || pg_get_expr(d.adbin, d.adrelid), CASE a.attidentity WHEN 'a' THEN 'identity always' "
                + "WHEN 'd' THEN 'identity by default' END, CASE a.attgenerated WHEN 's' THEN 'generated' END) "
                + "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", oid));
        lines.addAll(Catalog.strings(c, "SELECT line FROM ("
                + "SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) AS line FROM pg_constraint WHERE conrelid = ?::oid "
                + "UNION ALL SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ?::oid "
                + "UNION ALL SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = ?::oid AND NOT tgisinternal"
                + ") parts ORDER BY line", oid, oid, oid));
        String quoted = "\"" + schema.replace("\"", "\"\"") + "\".";
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.replace(quoted, "").replace(schema + ".", ""));
        }
        return String.join("\n", out);
    }
}
