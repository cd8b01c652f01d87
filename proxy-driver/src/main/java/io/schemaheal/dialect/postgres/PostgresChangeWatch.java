package io.schemaheal.dialect.postgres;

import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.dialect.Deadline;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * PostgreSQL's proof of a heal (DDL is transactional, so the heal's statements can be looked at before
 * commit): the rows this transaction inserted, updated or deleted in every table that existed before
 * ({@code pg_stat_xact_user_tables}, counted from the watch's start, so the application's own writes earlier in
 * its transaction are not the heal's), and a signature of every catalog object of the user's schemas that
 * existed before: relations with their storage ({@code relfilenode}: TRUNCATE and rewrites), owner and ACL;
 * columns with type, nullability and default; constraints; indexes; triggers; row-level security policies; views'
 * definitions; functions' bodies, owners and ACLs; types with their enum values; sequences' parameters; schemas; roles;
 * the comments ({@code COMMENT ON}) of all of them but sequences' and roles'. Objects made
 * after the watch began are additions and pass; so do new columns, indexes, triggers and constraints on a table
 * that existed (they are objects of their own).
 * A change that another session committed while the heal ran is not the heal's (see {@link #madeHere}), nor is an
 * object another session dropped (the heal holds no lock on it).
 * <p>Sequences are not transactional: one that existed and that the heal set back ({@code setval}) is a change: the
 * statement is undone and the sequence put back where it was (no rollback does that); one only advanced
 * ({@code nextval}) is a gap and passes.
 */
final class PostgresChangeWatch implements ChangeWatch {

    private static final io.schemaheal.log.HealLog LOG = io.schemaheal.log.HealLog.get();

    /** The names the catalog and row queries are prepared under in the session, for the watch's life. */
    private static final String PREPARED = "schemaheal_watch_catalog";
    private static final String PREPARED_ROWS = "schemaheal_watch_rows";

    /**
     * What the watch begins from, in one round trip: the history table's oid, the heal's lock timeout (set again after
     * each read that waited only {@link #BRIEFLY}), the schemas that are the user's (not the system's, not another
     * session's temporary ones), and the prepared queries an earlier watch left (its transaction failed before it ended).
     */
    private static final String START = "SELECT to_regclass(?)::oid, current_setting('lock_timeout'), "
            + "(SELECT array_agg(n.oid)::text FROM pg_namespace n "
            + "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
            + "AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'), "
            + "(SELECT string_agg(name, ',') FROM pg_prepared_statements WHERE name IN ('" + PREPARED + "', '"
            + PREPARED_ROWS + "'))";

    /** One row per catalog object: a key that survives renames (its oid), a name to say, and its signature. */
    private static final String CATALOG = """
            WITH busy AS (SELECT coalesce(array_agg(relation), '{}'::oid[]) || #GONE#::oid[] AS oids FROM pg_locks
                           WHERE locktype = 'relation' AND granted AND mode = 'AccessExclusiveLock' AND pid <> pg_backend_pid())
            SELECT 'c' || c.oid, CASE c.relkind WHEN 'r' THEN 'table ' WHEN 'p' THEN 'table ' WHEN 'v' THEN 'view '
                     WHEN 'm' THEN 'materialized view ' WHEN 'i' THEN 'index ' WHEN 'I' THEN 'index '
                     WHEN 'S' THEN 'sequence ' WHEN 'f' THEN 'foreign table ' ELSE 'relation ' END || c.oid::regclass,
                   concat_ws('|', c.relname, c.relnamespace, c.relkind, c.relowner, c.relacl::text, c.relfilenode,
                     c.reloptions::text, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity,
                     CASE WHEN c.relkind IN ('v', 'm') AND c.oid <> ALL(b.oids) THEN pg_get_viewdef(c.oid) END,
                     CASE WHEN c.relkind IN ('i', 'I') AND c.oid <> ALL(b.oids)
                       AND (SELECT x.indrelid FROM pg_index x WHERE x.indexrelid = c.oid) <> ALL(b.oids) THEN pg_get_indexdef(c.oid) END,
                     CASE WHEN c.relkind IN ('r', 'p') AND c.oid <> ALL(b.oids) THEN (SELECT string_agg(concat_ws(':', pol.polname, pol.polcmd,
                       pol.polpermissive, pol.polroles::text, pg_get_expr(pol.polqual, pol.polrelid),
                       pg_get_expr(pol.polwithcheck, pol.polrelid)), ',' ORDER BY pol.polname)
                       FROM pg_policy pol WHERE pol.polrelid = c.oid) END, d.description),
                   'relation ' || c.oid
              FROM pg_class c LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
             CROSS JOIN busy b
             WHERE c.relnamespace = ANY(?::oid[])
            UNION ALL
            SELECT 'a' || a.attrelid || '.' || a.attnum, 'column ' || a.attrelid::regclass || '.' || quote_ident(a.attname),
                   concat_ws('|', a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attisdropped, a.attidentity,
                     a.attgenerated, a.attcollation, a.attacl::text,
                     CASE WHEN a.attrelid <> ALL(b.oids) THEN (SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
                       WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum) END,
                     cd.description),
                   'relation ' || a.attrelid
              FROM pg_class c
             CROSS JOIN LATERAL (SELECT * FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 OFFSET 0) a
              LEFT JOIN pg_description cd ON cd.objoid = a.attrelid AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum
             CROSS JOIN busy b
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c') AND c.relnamespace = ANY(?::oid[])
            UNION ALL
            SELECT 'k' || o.oid, 'constraint ' || quote_ident(o.conname) || COALESCE(' on ' || NULLIF(o.conrelid, 0)::regclass::text, ''),
                   concat_ws('|', o.conname, o.contype, o.convalidated, o.condeferrable, o.condeferred,
                     CASE WHEN o.conrelid <> ALL(b.oids) AND o.conindid <> ALL(b.oids) THEN pg_get_constraintdef(o.oid) END,
                     d.description),
                   CASE WHEN o.conrelid <> 0 THEN 'relation ' || o.conrelid ELSE 'always' END
              FROM pg_constraint o LEFT JOIN pg_description d ON d.objoid = o.oid AND d.classoid = 'pg_constraint'::regclass
             CROSS JOIN busy b
             WHERE o.connamespace = ANY(?::oid[])
            UNION ALL
            SELECT 't' || t.oid, 'trigger ' || quote_ident(t.tgname) || ' on ' || t.tgrelid::regclass,
                   concat_ws('|', t.tgname, t.tgenabled,
                     CASE WHEN t.tgrelid <> ALL(b.oids) THEN pg_get_triggerdef(t.oid) END, d.description),
                   'relation ' || t.tgrelid
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
              LEFT JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_trigger'::regclass
             CROSS JOIN busy b
             WHERE NOT t.tgisinternal AND c.relnamespace = ANY(?::oid[])
            UNION ALL
            SELECT 'f' || p.oid, 'function ' || p.oid::regprocedure,
                   concat_ws('|', p.proname, p.pronamespace, p.proowner, p.proacl::text, p.prokind, p.provolatile,
                     p.prosecdef, p.prorettype, p.proargtypes::text, p.proconfig::text, p.prosrc, d.description),
                   'object 1255 ' || p.oid
              FROM pg_proc p LEFT JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass
             WHERE p.pronamespace = ANY(?::oid[])
            UNION ALL
            SELECT 'y' || t.oid, 'type ' || t.oid::regtype,
                   concat_ws('|', t.typname, t.typnamespace, t.typowner, t.typacl::text, t.typnotnull, t.typdefault,
                     (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid),
                     d.description),
                   'object 1247 ' || t.oid
              FROM pg_type t LEFT JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass
             WHERE t.typtype IN ('e', 'd', 'r', 'm', 'b') AND t.typrelid = 0 AND t.typelem = 0 AND t.typnamespace = ANY(?::oid[])
            UNION ALL
            SELECT 's' || q.seqrelid, 'sequence ' || q.seqrelid::regclass,
                   concat_ws('|', q.seqtypid, q.seqstart, q.seqincrement, q.seqmax, q.seqmin, q.seqcache, q.seqcycle),
                   'relation ' || q.seqrelid
              FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid WHERE c.relnamespace = ANY(?::oid[])
            UNION ALL
            SELECT 'n' || n.oid, 'schema ' || quote_ident(n.nspname),
                   concat_ws('|', n.nspname, n.nspowner, n.nspacl::text, d.description),
                   'object 2615 ' || n.oid
              FROM pg_namespace n LEFT JOIN pg_description d ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass
             WHERE n.oid = ANY(?::oid[])
            UNION ALL
            SELECT 'r' || r.oid, 'role ' || quote_ident(r.rolname),
                   concat_ws('|', r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
                     r.rolreplication, r.rolbypassrls, r.rolconnlimit, r.rolvaliduntil, r.rolconfig::text,
                     (SELECT string_agg(m.roleid::text, ',' ORDER BY m.roleid) FROM pg_auth_members m WHERE m.member = r.oid)),
                   'object 1260 ' || r.oid
              FROM pg_roles r
            """;


    /**
     * Each sequence's position, where this account may read it: a sequence is not transactional, so the rollback of a
     * heal cannot take back what it did to one, and a set-back one hands out numbers the application has used.
     */
    private static final String POSITIONS = "SELECT c.oid, c.oid::regclass::text, CASE WHEN c.relkind = 'S' "
            + "AND has_sequence_privilege(c.oid, 'SELECT, USAGE') THEN pg_sequence_last_value(c.oid) END, q.seqincrement "
            + "FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid WHERE c.relkind = 'S' AND c.relnamespace = ANY(?::oid[]) "
            + "AND c.oid = ANY(coalesce(?::oid[], ARRAY[c.oid])) "
            // one another session is dropping or altering is not the heal's, and reading it would wait for that session
            + "AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.relation = c.oid AND l.pid <> pg_backend_pid() AND l.granted "
            + "AND l.mode IN ('AccessExclusiveLock', 'ExclusiveLock', 'ShareRowExclusiveLock'))";

    private static final String ROWS = "SELECT s.relid, s.relid::regclass::text, s.n_tup_ins, s.n_tup_upd, s.n_tup_del "
            + "FROM pg_stat_xact_user_tables s";

    private final Connection connection;
    private final Deadline deadline;
    /**
     * Whether the catalog and row queries are prepared in this session ({@code PREPARE}, with the user's schemas as they
     * were when the watch began written in): planning the catalog query costs several times what running it does, and
     * the row query is run after every statement; a prepared query without parameters is planned once for the watch's
     * life. A driver's own server-side statements do not serve: pgjdbc prepares one from its fifth run on, and
     * prepares it again after DDL.
     */
    private boolean prepared;
    /** Sets the heal's own {@code lock_timeout} again after a read that waited only {@link #BRIEFLY}. */
    private final String lockTimeout;
    private final long exempt;
    private Boolean readsRoles;
    private final Map<String, String[]> catalog;
    private final Map<Long, Rows> rows;
    private final String schemas;
    private final Map<Long, Position> positions;

    private record Rows(String name, long inserted, long updated, long deleted) {
    }

    /** A sequence's last value (null before its first {@code nextval}, or where it may not be read) and the way it goes. */
    private record Position(String name, Long last, long increment) {

        /** Whether {@code now} is behind this position: the numbers between would be handed out again. */
        boolean aheadOf(Position now) {
            return last != null && (now.last == null || (increment > 0 ? now.last < last : now.last > last));
        }
    }

    /**
     * @param historyTable the heal history table, quoted; its rows are the heal's record, not a change
     * @param deadline the heal's: a read that a lock taken in between cut short reads again until then
     */
    private PostgresChangeWatch(Connection connection, String historyTable, Deadline deadline) throws SQLException {
        this.connection = connection;
        this.deadline = deadline;
        try {
            String left;
            try (PreparedStatement ps = connection.prepareStatement(START)) {
                ps.setString(1, historyTable);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    this.exempt = rs.getLong(1);
                    this.lockTimeout = "SELECT set_config('lock_timeout', '" + rs.getString(2).replace("'", "''") + "', true)";
                    this.schemas = rs.getString(3) != null ? rs.getString(3) : "{}";
                    left = rs.getString(4);
                }
            }
            if (!schemas.matches("\\{[0-9,]*}")) { // oids: nothing else goes into the prepared queries' text
                throw new SQLException("unexpected list of schemas from pg_namespace: " + schemas);
            }
            StringBuilder setUp = new StringBuilder();
            for (String name : left == null ? new String[0] : left.split(",")) {
                setUp.append("DEALLOCATE ").append(name).append("; "); // only ours: the names are the two above
            }
            setUp.append(catalogPrepared()).append("; PREPARE ").append(PREPARED_ROWS).append(" AS ").append(ROWS);
            try (Statement st = connection.createStatement()) {
                st.execute(setUp.toString()); // one round trip
                prepared = true;
            }
            // the sequences first, before the catalog's read keeps its locks on the relations: read then, a sequence
            // another session drops would wait for it while it waits for those locks
            this.positions = startPositions();
            this.catalog = catalog();
            this.rows = rows();
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @param historyTable the heal history table, quoted; its rows are the heal's record, not a change */
    static ChangeWatch begin(Connection c, String historyTable, Deadline deadline) throws SQLException {
        return new PostgresChangeWatch(c, historyTable, deadline);
    }

    /**
     * The catalog as it is now. Another session may drop a relation of another schema while the query reads it
     * ({@code pg_get_indexdef} then finds no relation for the oid it was given): see {@link #read}.
     */
    private Map<String, String[]> catalog() throws SQLException {
        while (true) {
            try {
                return read(true, () -> {
                    Map<String, String[]> out = new HashMap<>();
                    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("EXECUTE " + PREPARED)) {
                        while (rs.next()) {
                            out.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                        }
                    }
                    return out;
                });
            } catch (SQLException e) {
                // in a snapshot (REPEATABLE READ, SERIALIZABLE) the catalog's rows are the snapshot's, while reading a
                // definition looks at the catalog as it is: an object another session dropped since is in the one and
                // not in the other, and reading it fails, every time. Its definition is left out from then on: a change
                // of its is not this transaction's (see madeHere)
                java.util.regex.Matcher m = DROPPED_SINCE.matcher(String.valueOf(e.getMessage()));
                if (!m.find() || gone.size() >= MOST_GONE || !gone.add(Long.parseLong(m.group(1)))) {
                    throw e;
                }
                try (Statement st = connection.createStatement()) {
                    st.execute("DEALLOCATE " + PREPARED + "; " + catalogPrepared());
                }
            }
        }
    }

    /** What reading the definition of an object another session has dropped says, with the object's oid. */
    private static final java.util.regex.Pattern DROPPED_SINCE = java.util.regex.Pattern.compile(
            "(?:cache lookup failed for \\w+|could not open relation with OID) (\\d+)");
    /** How many such objects one watch leaves out before it gives up. */
    private static final int MOST_GONE = 100;
    /**
     * The statement that prepares the catalog query, with the user's schemas and the objects {@link #gone} written in:
     * without parameters, it is planned once for the watch's life (the objects gone are almost always none; when one is
     * found, the query is prepared again).
     */
    private String catalogPrepared() {
        String goneOids = "'{" + String.join(",", gone.stream().map(String::valueOf).toList()) + "}'";
        return "PREPARE " + PREPARED + " AS " + CATALOG.replace("?::oid[]", "'" + schemas + "'::oid[]").replace("#GONE#", goneOids);
    }

    /** The objects another session has dropped since this transaction's snapshot was taken (oids). */
    private final java.util.Set<Long> gone = new java.util.TreeSet<>();

    /** A read of the catalog that may fail as another session drops what it reads. */
    @FunctionalInterface
    private interface Read<T> {
        T read() throws SQLException;
    }

    /**
     * Runs {@code read} under a savepoint, so that a failure (an object dropped by another session as it is read)
     * leaves the heal's transaction usable, and reads again, at most {@link #READS} times. Unless {@code keepLocks},
     * the savepoint is rolled back even when the read succeeds: the locks the read took go with it (but for a
     * sequence's, see {@link #setBack}). Reading a definition (a
     * column's default, an index, a view, a constraint, a policy) opens its table: the catalog query leaves out those of
     * tables another session holds for its DDL right now (no signature of theirs is read, so none is laid to the heal),
     * and each read waits at most {@link #BRIEFLY} for a lock taken in between, then reads again: until the heal's deadline
     * (DDL that goes on in another schema takes lock after lock), where any other failure ends it after {@link #READS}.
     */
    private <T> T read(boolean keepLocks, Read<T> read) throws SQLException {
        // each step's statements go to the server together (one round trip): a heal asks this several times
        try (Statement st = connection.createStatement()) {
            for (int attempt = 1; ; attempt++) {
                st.execute("SAVEPOINT " + SAVEPOINT + "; SET LOCAL lock_timeout = '" + BRIEFLY + "'");
                try {
                    T out = read.read();
                    // a savepoint statement first: pgjdbc's autosave=always wraps anything else in a savepoint of its own,
                    // which releasing ours (made before it) would take with it; the heal's own bound is set again after
                    st.execute(keepLocks ? "RELEASE SAVEPOINT " + SAVEPOINT + "; " + lockTimeout
                            : "ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT);
                    return out;
                } catch (SQLException e) {
                    st.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT);
                    // a lock another session took in between (DDL going on in another schema: a tenant's migrations)
                    // is waited out, BRIEFLY at a time, until the heal's deadline; anything else ends the read after READS
                    boolean lockTakenInBetween = "55P03".equals(e.getSQLState()) && !deadline.passed();
                    if (attempt >= READS && !lockTakenInBetween) {
                        throw e;
                    }
                }
            }
        }
    }

    private static final String SAVEPOINT = "schemaheal_watch";
    private static final String BRIEFLY = "200ms";
    private static final int READS = 3;

    /** The relations ({@code relation OID}) and objects ({@code object CLASSID OID}) this session holds a lock on. */
    private java.util.Set<String> heldLocks() throws SQLException {
        return firstColumn(HELD);
    }

    /** The values of the first column of a query's rows. */
    private java.util.Set<String> firstColumn(String sql) throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static final String HELD = "SELECT CASE locktype WHEN 'relation' THEN 'relation ' || relation "
            + "ELSE 'object ' || classid || ' ' || objid END FROM pg_locks WHERE pid = pg_backend_pid() AND granted "
            + "AND locktype IN ('relation', 'object')";

    /**
     * The positions of the sequences when the watch begins. Reading one takes the lock {@code nextval} takes (held to
     * the transaction's end, see {@link #setBack}); a sequence another session holds in a stronger mode (dropping or altering it)
     * is left out, and the read waits at most {@link #BRIEFLY} for one that comes in between: then no position is known,
     * and a sequence this heal sets back is not seen (the log says so).
     */
    private Map<Long, Position> startPositions() {
        try {
            return positions(null);
        } catch (SQLException e) {
            LOG.warn("could not read the positions of the sequences before a heal (another session holds one): a sequence "
                    + "the heal sets back is not seen ({})", e.getMessage());
            return Map.of();
        }
    }

    /** The positions of the sequences ({@code only}: those of these oids, as an array's text; null: all). */
    private Map<Long, Position> positions(String only) throws SQLException {
        return read(false, () -> {
            Map<Long, Position> out = new HashMap<>();
            try (PreparedStatement ps = connection.prepareStatement(POSITIONS)) {
                ps.setString(1, schemas);
                ps.setString(2, only);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long last = rs.getLong(3);
                        out.put(rs.getLong(1), new Position(rs.getString(2), rs.wasNull() ? null : last, rs.getLong(4)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The sequences that existed and are now behind where they were ({@code setval}, {@code ALTER SEQUENCE ...
     * RESTART}) by this transaction. No rollback restores a sequence, so each is put back where it was, at once. One
     * only advanced ({@code nextval}: a seed's default) is a gap, as after any rolled-back transaction, and passes.
     * Reading a sequence's position holds its lock until the transaction ends (PostgreSQL keeps a sequence's lock at
     * the top level, even when the savepoint it was taken under is rolled back): every sequence read when the watch
     * began is held already, so reading them again waits for nobody.
     */
    private List<String> setBack() throws SQLException {
        List<String> changes = new ArrayList<>();
        if (positions.isEmpty()) {
            return changes;
        }
        Map<Long, Position> now = positions("{" + String.join(",", positions.keySet().stream().map(String::valueOf).toList()) + "}");
        for (Map.Entry<Long, Position> e : now.entrySet()) {
            Position before = positions.get(e.getKey());
            if (before.aheadOf(e.getValue())) {
                changes.add("sequence " + before.name + " set back (" + putBack(e.getKey(), before) + ")");
            }
        }
        return changes;
    }

    /** Sets a sequence to where it was when the watch began; says whether it could. */
    private String putBack(long sequence, Position before) {
        try {
            return read(false, () -> {
                try (PreparedStatement ps = connection.prepareStatement("SELECT setval(?::oid::regclass, ?)")) {
                    ps.setLong(1, sequence);
                    ps.setLong(2, before.last);
                    ps.execute();
                }
                return "put back where it was";
            });
        } catch (SQLException e) {
            return "not put back: " + e.getMessage();
        }
    }

    private Map<Long, Rows> rows() throws SQLException {
        Map<Long, Rows> out = new HashMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("EXECUTE " + PREPARED_ROWS)) {
            while (rs.next()) {
                out.put(rs.getLong(1), new Rows(rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        return out;
    }

    /** A statement was looked at for rows alone since the catalog was last found as it was (see {@link #changedRows}). */
    private boolean catalogUnchecked;

    @Override
    public String changed(long ownRows) throws SQLException {
        List<String> changes = rowChanges();
        List<String> catalogChanges = catalogChanges();
        // a change an earlier statement made, seen only now, stays unchecked: changedCatalog undoes the whole heal
        catalogUnchecked &= !catalogChanges.isEmpty();
        changes.addAll(catalogChanges);
        return ChangeWatch.said(changes);
    }

    /** Planning and running the catalog query costs more than the statement: a definition of something new waits for commit. */
    @Override
    public String changedRows(long ownRows) throws SQLException {
        catalogUnchecked = true;
        return ChangeWatch.said(rowChanges());
    }

    @Override
    public String changedCatalog() throws SQLException {
        if (!catalogUnchecked) {
            return null;
        }
        List<String> changes = catalogChanges();
        catalogUnchecked = !changes.isEmpty();
        return ChangeWatch.said(changes);
    }

    private List<String> rowChanges() throws SQLException {
        List<String> changes = new ArrayList<>();
        Map<Long, Rows> now = rows();
        rows.forEach((relid, before) -> {
            Rows after = now.get(relid);
            if (relid == exempt || after == null) {
                return; // a table gone is a change of the catalog, said there
            }
            long ins = after.inserted - before.inserted, upd = after.updated - before.updated, del = after.deleted - before.deleted;
            List<String> counts = new ArrayList<>();
            count(counts, ins, "inserted");
            count(counts, upd, "updated");
            count(counts, del, "deleted");
            if (!counts.isEmpty()) {
                changes.add("rows of " + before.name + " (" + String.join(", ", counts) + ")");
            }
        });
        return changes;
    }

    private List<String> catalogChanges() throws SQLException {
        List<String> changes = setBack();
        Map<String, String[]> current = catalog();
        java.util.Set<String> held = null;
        for (Map.Entry<String, String[]> e : catalog.entrySet()) {
            String[] before = e.getValue();
            String[] after = current.get(e.getKey());
            if (after == null) {
                // whatever drops an object holds a lock on it until its transaction ends: one gone that this
                // transaction holds no lock on was dropped by another session, which has committed it (a domain's
                // constraint is dropped without one: always counted)
                held = held != null ? held : heldLocks();
                if (before[2].equals("always") || held.contains(before[2])) {
                    changes.add(before[0] + " dropped");
                }
            } else if (!Objects.equals(before[1], after[1]) && madeHere(e.getKey())) {
                changes.add(before[0] + (before[0].equals(after[0]) ? "" : " (now " + after[0] + ")") + " changed");
            }
        }
        return changes;
    }

    /**
     * Whether this transaction made the change to the object of a catalog key: a row of it that this transaction
     * wrote is visible to it while still in progress; another session's change is visible only once committed. So a
     * change another session committed while the heal ran (a tenant's migration, another application) is not laid to
     * the heal. A role's row versions are in {@code pg_authid}, which only a superuser reads: for any other account a
     * role's change is the heal's when this transaction holds the lock that changing any role takes (on {@code
     * pg_authid}, {@code pg_auth_members} or, for its settings, {@code pg_db_role_setting}).
     */
    private boolean madeHere(String key) throws SQLException {
        String id = key.substring(1);
        String rows = switch (key.charAt(0)) {
            case 'r' -> readsRoles() ? "SELECT xmin FROM pg_authid WHERE oid = $1::oid "
                    + "UNION ALL SELECT xmin FROM pg_auth_members WHERE member = $1::oid "
                    + "UNION ALL SELECT xmin FROM pg_db_role_setting WHERE setrole = $1::oid"
                    : "SELECT " + THIS_TRANSACTION + " AS xmin FROM pg_locks WHERE pid = pg_backend_pid() AND granted AND locktype = 'relation' "
                    + "AND relation IN ('pg_authid'::regclass, 'pg_auth_members'::regclass, 'pg_db_role_setting'::regclass) "
                    + "AND mode = 'RowExclusiveLock'";
            // a policy dropped leaves no row, but whatever drops one holds the table in ACCESS EXCLUSIVE mode; a comment
            // removed leaves none either, but COMMENT ON holds its table in SHARE UPDATE EXCLUSIVE mode
            case 'c' -> "SELECT xmin FROM pg_class WHERE oid = $1::oid UNION ALL SELECT xmin FROM pg_policy WHERE polrelid = $1::oid "
                    + "UNION ALL SELECT xmin FROM pg_description WHERE objoid = $1::oid "
                    + "UNION ALL SELECT " + THIS_TRANSACTION + " FROM pg_locks WHERE pid = pg_backend_pid() AND granted "
                    + "AND locktype = 'relation' AND relation = $1::oid AND mode IN ('AccessExclusiveLock', 'ShareUpdateExclusiveLock')";
            case 'a' -> "SELECT xmin FROM pg_attribute WHERE attrelid = split_part($1, '.', 1)::oid "
                    + "AND attnum = split_part($1, '.', 2)::int2 UNION ALL SELECT xmin FROM pg_attrdef "
                    + "WHERE adrelid = split_part($1, '.', 1)::oid AND adnum = split_part($1, '.', 2)::int2 "
                    + "UNION ALL SELECT xmin FROM pg_description WHERE objoid = split_part($1, '.', 1)::oid "
                    + "AND objsubid = split_part($1, '.', 2)::int4 "
                    + "UNION ALL SELECT " + THIS_TRANSACTION + " FROM pg_locks WHERE pid = pg_backend_pid() AND granted "
                    + "AND locktype = 'relation' AND relation = split_part($1, '.', 1)::oid AND mode = 'ShareUpdateExclusiveLock'";
            case 'k' -> "SELECT xmin FROM pg_constraint WHERE oid = $1::oid UNION ALL SELECT xmin FROM pg_description WHERE objoid = $1::oid";
            case 't' -> "SELECT xmin FROM pg_trigger WHERE oid = $1::oid UNION ALL SELECT xmin FROM pg_description WHERE objoid = $1::oid";
            case 'f' -> "SELECT xmin FROM pg_proc WHERE oid = $1::oid UNION ALL SELECT xmin FROM pg_description WHERE objoid = $1::oid";
            case 'y' -> "SELECT xmin FROM pg_type WHERE oid = $1::oid UNION ALL SELECT xmin FROM pg_enum WHERE enumtypid = $1::oid "
                    + "UNION ALL SELECT xmin FROM pg_description WHERE objoid = $1::oid";
            case 's' -> "SELECT xmin FROM pg_sequence WHERE seqrelid = $1::oid UNION ALL SELECT xmin FROM pg_class WHERE oid = $1::oid";
            case 'n' -> "SELECT xmin FROM pg_namespace WHERE oid = $1::oid UNION ALL SELECT xmin FROM pg_description WHERE objoid = $1::oid";
            default -> null;
        };
        if (rows == null) {
            return true;
        }
        // a 32-bit xmin made a full transaction id by its distance from this transaction's own (every row version a
        // session can see is within 2^31 of it, older or, for its subtransactions, newer), to ask its status
        String sql = "SELECT coalesce(bool_or(pg_xact_status((me - CASE WHEN d >= 2147483648 THEN d - 4294967296 ELSE d END)"
                + "::text::xid8) = 'in progress'), false) FROM (SELECT me, (((me & 4294967295) - x) % 4294967296 + 4294967296) "
                + "% 4294967296 AS d FROM (SELECT xmin::text::bigint AS x, pg_current_xact_id()::text::bigint AS me FROM ("
                + rows.replace("$1", "?") + ") r) v) w";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int k = 1; k <= rows.split("\\$1", -1).length - 1; k++) {
                ps.setString(k, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || rs.getBoolean(1);
            }
        }
    }

    /** This transaction's id as an {@code xmin} would hold it: a lock this transaction holds stands for a row it wrote. */
    private static final String THIS_TRANSACTION = "(pg_current_xact_id()::text::bigint & 4294967295)::text::xid";

    /** Whether this account may read {@code pg_authid} (asked when a role has changed, once per watch). */
    private boolean readsRoles() throws SQLException {
        if (readsRoles == null) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT has_table_privilege('pg_catalog.pg_authid', 'SELECT')");
                 ResultSet rs = ps.executeQuery()) {
                readsRoles = rs.next() && rs.getBoolean(1);
            }
        }
        return readsRoles;
    }

    private static void count(List<String> counts, long n, String what) {
        if (n > 0) {
            counts.add(n + " " + what);
        }
    }

    @Override
    public void close() {
        if (!prepared) {
            return;
        }
        // the watch only reads: its prepared queries are all it leaves (in a failed transaction this cannot run: the
        // next watch of the session removes them)
        try (Statement st = connection.createStatement()) {
            st.execute("DEALLOCATE " + PREPARED + "; DEALLOCATE " + PREPARED_ROWS);
        } catch (SQLException ignored) {
            // the connection is going away
        }
    }
}
