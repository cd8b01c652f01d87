package io.schemaheal.dialect.postgres;

import io.schemaheal.dialect.Catalog;
import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.dialect.CatalogQueries;
import io.schemaheal.dialect.DatabaseErrors;
import io.schemaheal.dialect.DdlWriter;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.Transactions;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.HealTransaction;
import io.schemaheal.dialect.MissingColumn;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.TableConstraint;
import io.schemaheal.sql.SqlLexer;
import io.schemaheal.sql.SqlParseException;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL (pgjdbc). A missing relation is SQLState {@code 42P01}; its name is read at the error's
 * position in the SQL that was sent, since the message follows {@code lc_messages} and may not be
 * English. DDL is transactional; the cross-process lock is a transaction-scoped advisory lock keyed on
 * database and schema. An error aborts the application's transaction, so statements that may fail run
 * under a savepoint (see {@link #errorAbortsTransaction()}).
 */
public final class PostgresDialect implements DatabaseErrors, CatalogQueries, Transactions, DdlWriter {

    private PostgresDialect() {
    }

    /** PostgreSQL as the engine asks it: this class's parts, and what the database does by nature. */
    public static Dialect create() {
        PostgresDialect d = new PostgresDialect();
        return new Dialect("postgresql", true, true, false, false, d, d, d, d);
    }


    static final String UNDEFINED_TABLE = "42P01";
    /** The name between the first pair of quotes of any language: "x", «x», „x“, 'x'. */
    private static final Pattern QUOTED = Pattern.compile("[\"«»„“”‘’'「]\\s*([^\"«»„“”‘’'「」]+?)\\s*[\"«»„“”‘’'」]");

    @Override
    public ObjectName missingRelation(SQLException e, String sql) {
        // a batch's own message quotes the failed statement; the server's error is the exception it wraps
        if (!UNDEFINED_TABLE.equals(e.getSQLState()) || e instanceof java.sql.BatchUpdateException) {
            return null;
        }
        ObjectName fromMessage = fromMessage(e.getMessage());
        ObjectName atPosition = atPosition(e, sql);
        // the position is exact for one statement; in a multi-statement string it is relative to the one that
        // failed, so it is trusted only when the (possibly localised) message names the same relation
        if (atPosition != null && (fromMessage == null
                || fromMessage.name().equalsIgnoreCase(atPosition.name()))) {
            return atPosition;
        }
        return fromMessage;
    }

    static final String UNDEFINED_COLUMN = "42703";
    private static final Pattern OF_RELATION = Pattern.compile("[\"«»„“”‘’'「]\\s*([^\"«»„“”‘’'「」]+?)\\s*[\"«»„“”‘’'」][^\"«»„“”‘’'「]*[\"«»„“”‘’'「]\\s*([^\"«»„“”‘’'「」]+?)\\s*[\"«»„“”‘’'」]");

    /**
     * SQLState {@code 42703}: the reference at the error's position ({@code x}, {@code t.x}, {@code "X"}); else
     * the message: {@code column "x" of relation "t" does not exist} or {@code column t.x does not exist}.
     */
    @Override
    public MissingColumn missingColumn(SQLException e, String sql) {
        if (!UNDEFINED_COLUMN.equals(e.getSQLState()) || e instanceof java.sql.BatchUpdateException) {
            return null;
        }
        ObjectName at = atPosition(e, sql);
        if (at != null) {
            return new MissingColumn(at.schema() == null ? null : ObjectName.of(at.schema()), at.name());
        }
        String message = String.valueOf(e.getMessage());
        Matcher twoNames = OF_RELATION.matcher(message);
        if (twoNames.find()) {
            return new MissingColumn(ObjectName.of(twoNames.group(2)), twoNames.group(1));
        }
        ObjectName quoted = fromMessage(message);
        if (quoted != null) {
            return new MissingColumn(quoted.schema() == null ? null : ObjectName.of(quoted.schema()), quoted.name());
        }
        Matcher bare = Pattern.compile("(\\w+)\\.(\\w+)").matcher(message);
        return bare.find() ? new MissingColumn(ObjectName.of(bare.group(1)), bare.group(2)) : null;
    }

    /** The relation named at pgjdbc's {@code ServerErrorMessage.getPosition()} (read reflectively: no compile dependency). */
    static ObjectName atPosition(SQLException e, String sql) {
        try {
            Method m = e.getClass().getMethod("getServerErrorMessage");
            Object server = m.invoke(e);
            if (server == null) {
                return null;
            }
            int position = (Integer) server.getClass().getMethod("getPosition").invoke(server);
            String text = sql;
            if (position <= 0) {
                position = (Integer) server.getClass().getMethod("getInternalPosition").invoke(server);
                text = (String) server.getClass().getMethod("getInternalQuery").invoke(server);
            } else if (sql != null) {
                text = asSent(sql);
            }
            return position > 0 && text != null ? ObjectName.at(text, position - 1, SqlLexer.Flavor.POSTGRESQL) : null;
        } catch (ReflectiveOperationException | RuntimeException notPgjdbc) {
            return null;
        }
    }

    /** The SQL as pgjdbc sends it: each {@code ?} placeholder outside quotes and comments becomes {@code $n}. */
    static String asSent(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = 0;
        int i = 0;
        int len = sql.length();
        while (i < len) {
            char c = sql.charAt(i);
            int end; // exclusive end of a run copied as it is
            if (c == '\'' || c == '"') {
                end = closingQuote(sql, i);
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                end = nl < 0 ? len : nl;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                end = close < 0 ? len : close + 2;
            } else if (c == '?') {
                if (i + 1 < len && sql.charAt(i + 1) == '?') { // ?? is pgjdbc's escape for a literal ?
                    out.append('?');
                    i += 2;
                } else {
                    out.append('$').append(++n);
                    i++;
                }
                continue;
            } else {
                end = i + 1;
            }
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }

    private static int closingQuote(String sql, int open) {
        char q = sql.charAt(open);
        int from = open + 1;
        while (true) {
            int k = sql.indexOf(q, from);
            if (k < 0) {
                return sql.length();
            }
            if (k + 1 < sql.length() && sql.charAt(k + 1) == q) {
                from = k + 2;
            } else {
                return k + 1;
            }
        }
    }

    static ObjectName fromMessage(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = QUOTED.matcher(message);
        if (!m.find()) {
            return null;
        }
        return ObjectName.fromKey(m.group(1)); // as the server names it: folded already, or keeping its case
    }

    /** CHECK and FOREIGN KEY as {@code NOT VALID}: the table's existing rows are not read for them. */
    @Override
    public String addConstraint(SqlStatement alterTableAdd) {
        List<AlterAction> actions = alterTableAdd.actions();
        TableConstraint added = actions.size() == 1 ? actions.get(0).constraint() : null;
        boolean readsRows = added != null && !added.notValid()
                && (added.kind() == TableConstraint.Kind.CHECK || added.kind() == TableConstraint.Kind.FOREIGN_KEY);
        return readsRows ? alterTableAdd.sql() + " NOT VALID" : alterTableAdd.sql();
    }

    /** {@code NOT VALID}: the child's existing rows are not checked (they may point at rows the lost parent had). */
    @Override
    public String addForeignKey(ObjectName child, String name, List<String> columns, String references) {
        return DdlWriter.alterTableAddForeignKey(written(child), name, columns, references) + " NOT VALID";
    }

    /** A lock of the application's session on {@code parent} stronger than a reader's, which FOREIGN KEY's SHARE ROW EXCLUSIVE waits for. */
    @Override
    public boolean applicationLocks(Connection app, Connection heal, ObjectName parent) throws SQLException {
        String pid;
        try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getString(1);
        } catch (SQLException e) {
            return true; // its transaction cannot even be asked (aborted): assume it holds the lock
        }
        return Catalog.anyRow(heal, "SELECT 1 FROM pg_locks WHERE pid = ?::int AND locktype = 'relation' "
                + "AND relation = to_regclass(?) AND mode NOT IN ('AccessShareLock', 'RowShareLock')", pid, regName(parent));
    }

    @Override
    public boolean anyReferencingRow(Connection c, ObjectName child, List<String> columns) throws SQLException {
        String set = columns.stream().map(col -> col + " IS NOT NULL").collect(java.util.stream.Collectors.joining(" AND "));
        return Catalog.anyRow(c, "SELECT 1 FROM " + regName(child) + " WHERE " + set + " LIMIT 1");
    }

    @Override
    public String validateForeignKey(Connection c, ObjectName child, List<String> columns, ObjectName parent)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(k.conname) " + FOREIGN_KEY + " AND NOT k.convalidated")) {
            ps.setString(1, regName(child));
            ps.setString(2, regName(parent));
            ps.setString(3, DdlWriter.columnList(columns));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "ALTER TABLE " + regName(child) + " VALIDATE CONSTRAINT " + rs.getString(1) : null;
            }
        }
    }

    @Override
    public boolean foreignKeyExists(Connection c, ObjectName child, List<String> columns, ObjectName parent)
            throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 " + FOREIGN_KEY, regName(child), regName(parent), DdlWriter.columnList(columns));
    }

    /** The foreign keys of a child (1) to a parent (2) on exactly the columns (3, {@link io.schemaheal.dialect.DdlWriter#columnList}). */
    private static final String FOREIGN_KEY = "FROM pg_constraint k WHERE k.contype = 'f' AND k.conrelid = to_regclass(?) "
            + "AND k.confrelid = to_regclass(?) AND (SELECT string_agg(a.attname::text, ',' ORDER BY a.attname::text) "
            + "FROM pg_attribute a WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)) = ?";

    @Override
    public boolean exists(Connection c, ObjectType type, ObjectName name, ObjectName table) throws SQLException {
        return switch (type) {
            case RELATION, INDEX, SEQUENCE -> Catalog.anyRow(c, "SELECT 1 WHERE to_regclass(?) IS NOT NULL", regName(name));
            case TYPE -> Catalog.anyRow(c, "SELECT 1 WHERE to_regtype(?) IS NOT NULL", regName(name));
            case TRIGGER -> table == null
                    ? Catalog.anyRow(c, "SELECT 1 FROM pg_trigger WHERE tgname = ? AND NOT tgisinternal", folded(name))
                    : Catalog.anyRow(c, "SELECT 1 FROM pg_trigger WHERE tgname = ? AND tgrelid = to_regclass(?) "
                            + "AND NOT tgisinternal", folded(name), regName(table));
            // in the schema the name has (a heal qualifies every name with the schema it heals), else on the search path
            case FUNCTION -> name.schema() == null
                    ? Catalog.anyRow(c, "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    + "WHERE p.proname = ? AND n.nspname = ANY (current_schemas(true))", folded(name))
                    : Catalog.anyRow(c, "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    + "WHERE p.proname = ? AND n.nspname = ?", folded(name), name.schema().toLowerCase(java.util.Locale.ROOT));
        };
    }

    @Override
    public ObjectName firstExisting(Connection c, List<ObjectName> relations) throws SQLException {
        String[] names = relations.stream().map(this::regName).toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement("SELECT min(i) FROM unnest(?::text[]) WITH ORDINALITY AS r(n, i) "
                + "WHERE to_regclass(n) IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("text", names));
            try (ResultSet rs = ps.executeQuery()) {
                int first = rs.next() ? rs.getInt(1) : 0;
                return first == 0 ? null : relations.get(first - 1);
            }
        }
    }

    @Override
    public boolean columnExists(Connection c, ObjectName table, String column) throws SQLException {
        // as an error names it (exact: "startsAt") or as a script writes it unquoted (folded: StartsAt is startsat)
        return Catalog.anyRow(c, "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname IN (?, lower(?)) "
                + "AND attnum > 0 AND NOT attisdropped", regName(table), column, column);
    }

    @Override
    public List<String> columns(Connection c, ObjectName table) throws SQLException {
        return Catalog.strings(c, "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 "
                + "AND NOT attisdropped ORDER BY attnum", regName(table));
    }

    @Override
    public List<String> tablesWithColumns(Connection c, List<String> columns) throws SQLException {
        // pg_attribute, not information_schema.columns: a heal asks this, and the view is slow on a schema of many
        // tables; each table's columns by its index, not one scan of every column of the database
        return Catalog.havingAll(c, "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                + "AND c.relkind IN ('r', 'p') AND (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 "
                + "AND NOT a.attisdropped AND lower(a.attname) IN (%s)) = ?::int AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1",
                columns);
    }

    /** The text form to_regclass reads: each part quoted, unquoted parts folded to lower case as PostgreSQL does. */
    private String regName(ObjectName n) {
        String name = quote(folded(n));
        return n.schema() == null ? name : quote(n.schema().toLowerCase(Locale.ROOT)) + "." + name;
    }

    private static String folded(ObjectName n) {
        return n.quoted() ? n.name() : n.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String autoIncrementPrimaryKey() {
        return "BIGSERIAL PRIMARY KEY";
    }

    /** NAMEDATALEN - 1: the server cuts longer names. */
    @Override
    public int maxNameLength() {
        return 63;
    }

    @Override
    public boolean sequenceOwnedBy(Connection c, ObjectName sequence, ObjectName table) throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 FROM pg_depend WHERE classid = 'pg_class'::regclass AND refclassid = "
                + "'pg_class'::regclass AND deptype IN ('a', 'i') AND objid = to_regclass(?) AND refobjid = to_regclass(?)",
                regName(sequence), regName(table));
    }

    @Override
    public String currentSchema(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_schema()"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Also a session or transaction that the server holds read-only ({@code default_transaction_read_only}). */
    @Override
    public boolean readOnly(Connection c) throws SQLException {
        return c.isReadOnly() || Catalog.anyRow(c, "SELECT 1 WHERE current_setting('transaction_read_only') = 'on'");
    }

    @Override
    public boolean transactionNotBegun(Connection c) {
        return PgJdbcTransactionState.notBegun(c);
    }

    /**
     * On the application's own connection, so that a heal never waits on the application's own locks:
     * in auto-commit mode in a transaction of its own; inside the application's transaction in a savepoint,
     * becoming part of that transaction (its commit keeps the heal, its rollback removes it). On a separate
     * connection only as {@code schemaheal.heal-user}. Every lock the heal takes waits at most until
     * {@code deadline} ({@code lock_timeout}); the settings it changes are put back when it ends.
     */
    @Override
    public HealTransaction begin(HealConnections connections, String historyTable, Instant deadline, String schema)
            throws SQLException {
        boolean separate = healsOnSeparateConnection(connections);
        Connection c = separate ? connections.openSeparate() : connections.app();
        boolean nested = !separate && !c.getAutoCommit();
        Transaction tx = new Transaction(c, separate, nested);
        try {
            if (nested) {
                try (Statement st = c.createStatement()) {
                    st.execute("SAVEPOINT " + SAVEPOINT);
                }
                tx.restore = settings(c);
            } else {
                c.setAutoCommit(false);
            }
            long ms = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            // one round trip: the heal's bound, and unqualified names of the heal resolving in the schema it heals, first
            // (the select list is evaluated in its order: the schema is asked for after the path is set)
            try (PreparedStatement ps = c.prepareStatement(schema == null ? "SELECT set_config('lock_timeout', ?, true)"
                    : "SELECT set_config('lock_timeout', ?, true), set_config('search_path', quote_ident(?) || ', ' "
                    + "|| current_setting('search_path'), true), current_schema() = ?")) {
                ps.setString(1, ms + "ms");
                if (schema != null) {
                    ps.setString(2, schema);
                    ps.setString(3, schema);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (schema != null && (!rs.next() || !rs.getBoolean(3))) {
                        throw new SQLException("schema " + schema + " does not exist or cannot be used by this account", "3F000");
                    }
                }
            }
            lock(c, nested);
            tx.locked = nested;
            return tx;
        } catch (SQLException | RuntimeException e) {
            tx.close();
            throw e;
        }
    }

    private static final String SAVEPOINT = "schemaheal_heal";
    private static final String LOCK_KEY = "hashtext('schemaheal'), hashtext(current_database() || '.' || current_schema())";

    /** The settings a heal inside the application's transaction changes, as they are: to put back at its end. */
    private static String[] settings(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('lock_timeout'), current_setting('search_path')")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    /**
     * The advisory heal lock. For the heal's own transaction: transaction-scoped, waited for (the wait is
     * the server's, bounded by the {@code lock_timeout} set before). Inside the application's transaction:
     * session-scoped, held only for the heal, and not waited for: that transaction may hold locks the heal
     * in progress needs (the parent table a foreign key of the new table references), and its wait would
     * hold that heal up until one of them gives up. It gets its exception at once, with the reason, and can
     * run again when the heal is done.
     */
    private static void lock(Connection c, boolean insideApplicationTransaction) throws SQLException {
        if (insideApplicationTransaction) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new SQLException(HealConnections.BUSY_INSIDE_TRANSACTION, LOCK_NOT_AVAILABLE);
                }
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")")) {
            ps.executeQuery().close();
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw new SQLException("the PostgreSQL advisory heal lock was not acquired before the "
                        + "schemaheal.lock-timeout deadline (another session holds it)", LOCK_NOT_AVAILABLE, e);
            }
            throw e;
        }
    }

    private static final class Transaction implements HealTransaction {
        private final Connection connection;
        private final boolean separate;
        private final boolean nested;
        /** lock_timeout and search_path as the application had them, for a heal inside its transaction. */
        String[] restore;
        boolean locked;
        private boolean open = true;

        Transaction(Connection connection, boolean separate, boolean nested) {
            this.connection = connection;
            this.separate = separate;
            this.nested = nested;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        /** Commits and leaves the connection in auto-commit mode, for statements that cannot run in a transaction. */
        @Override
        public void commit() throws SQLException {
            if (nested) {
                try (Statement st = connection.createStatement()) {
                    st.execute("RELEASE SAVEPOINT " + SAVEPOINT);
                }
                putBack();
            } else {
                connection.commit();
                connection.setAutoCommit(true);
            }
            open = false;
            unlock();
        }

        @Override
        public void rollback() throws SQLException {
            if (nested) {
                try (Statement st = connection.createStatement()) {
                    st.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT); // also takes back the settings made after it
                    st.execute("RELEASE SAVEPOINT " + SAVEPOINT);
                }
            } else {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            open = false;
            unlock();
        }

        private void putBack() throws SQLException {
            if (restore != null) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT set_config('lock_timeout', ?, true), set_config('search_path', ?, true)")) {
                    ps.setString(1, restore[0]);
                    ps.setString(2, restore[1]);
                    ps.executeQuery().close();
                }
            }
        }

        private void unlock() {
            if (locked) {
                locked = false;
                try (Statement st = connection.createStatement()) {
                    st.executeQuery("SELECT pg_advisory_unlock(" + LOCK_KEY + ")").close();
                } catch (SQLException ignored) {
                    // the lock goes with the session anyway
                }
            }
        }

        @Override
        public void close() {
            try {
                if (open && (nested || !connection.getAutoCommit())) {
                    rollback();
                }
            } catch (SQLException ignored) {
                // the connection is going away or the original failure is what matters
            }
            unlock();
            if (separate) {
                Catalog.closeQuietly(connection);
            }
        }
    }

    /**
     * Session-wide {@code lock_timeout} (what is left until the deadline) and the heal's schema first on the
     * {@code search_path}, for this one statement, then both as they were: the heal's own transaction-local
     * settings ended with its commit. {@code CREATE INDEX CONCURRENTLY} waits for every older transaction as a lock
     * wait, so the same bound ends it. One that fails leaves its index behind, invalid, and still in the way of
     * the next try: an index that was not there before the statement is dropped again.
     */
    @Override
    public void runOutsideTransaction(Connection c, String sql, ObjectName creates, String schema, Instant deadline)
            throws SQLException {
        long ms = Duration.between(Instant.now(), deadline).toMillis();
        if (ms <= 0) {
            throw new SQLException("schemaheal.lock-timeout ran out before it could start", LOCK_NOT_AVAILABLE);
        }
        String[] before = settings(c);
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, false), "
                + "set_config('search_path', COALESCE(quote_ident(?) || ', ', '') || current_setting('search_path'), false)")) {
            ps.setString(1, ms + "ms");
            ps.setString(2, schema);
            ps.executeQuery().close();
        }
        try {
            String index = creates == null ? null : regName(creates);
            boolean existed = index == null || Catalog.anyRow(c, "SELECT 1 WHERE to_regclass(?) IS NOT NULL", index);
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                if (!existed && Catalog.anyRow(c, "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(?) AND NOT indisvalid", index)) {
                    try (Statement st = c.createStatement()) {
                        // the lock is on the table this heal just made, which nobody else holds long: a short wait
                        st.execute("SET lock_timeout = '" + Math.max(100, Duration.between(Instant.now(), deadline).toMillis()) + "ms'");
                        st.execute("DROP INDEX IF EXISTS " + index);
                    } catch (SQLException notDropped) {
                        e.addSuppressed(notDropped);
                    }
                }
                throw e;
            }
        } finally {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT set_config('lock_timeout', ?, false), set_config('search_path', ?, false)")) {
                ps.setString(1, before[0]);
                ps.setString(2, before[1]);
                ps.executeQuery().close();
            }
        }
    }

    /**
     * {@code setval} of the column's serial or identity sequence (one this heal created with its table), under a
     * savepoint: where there is none, or a child column holds no numbers, the sequence stays as it is and the heal
     * goes on.
     */
    @Override
    public void startPast(Connection c, ObjectName parent, ObjectName column, List<ObjectName[]> referencing)
            throws SQLException {
        if (referencing.isEmpty()) {
            return;
        }
        StringBuilder max = new StringBuilder();
        for (ObjectName[] r : referencing) {
            max.append(max.length() == 0 ? "" : " UNION ALL ").append("SELECT max(").append(quote(folded(r[1])))
                    .append(")::bigint AS m FROM ").append(regName(r[0]));
        }
        try (Statement st = c.createStatement()) {
            st.execute("SAVEPOINT schemaheal_identity");
            try (PreparedStatement ps = c.prepareStatement("SELECT setval(s, m) FROM (SELECT pg_get_serial_sequence(?, ?) AS s) q, "
                    + "(SELECT max(m) AS m FROM (" + max + ") u) v WHERE s IS NOT NULL AND m IS NOT NULL")) {
                ps.setString(1, regName(parent));
                ps.setString(2, folded(column)); // pg_get_serial_sequence takes the column name as it is kept
                ps.executeQuery().close();
                st.execute("RELEASE SAVEPOINT schemaheal_identity");
            } catch (SQLException none) {
                st.execute("ROLLBACK TO SAVEPOINT schemaheal_identity");
                st.execute("RELEASE SAVEPOINT schemaheal_identity");
            }
        }
    }

    /** The application's own connection, unless {@code schemaheal.heal-user} is set or it may only read. */
    @Override
    public boolean healsOnSeparateConnection(HealConnections connections) throws SQLException {
        return connections.healUserConfigured() || connections.appReadOnly();
    }

    /** A standby (hot standby, replica) accepts no writes from anyone. */
    @Override
    public boolean serverReadOnly(Connection c) throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 WHERE pg_is_in_recovery()");
    }

    @Override
    public ChangeWatch watch(Connection c, String historyTable, Instant deadline) throws SQLException {
        return PostgresChangeWatch.begin(c, historyTable);
    }

    /**
     * Always: a string of several statements runs in one transaction of its own (auto-commit) or under the guard
     * savepoint that the failure rolled back to; a procedure's work goes with its failure the same way.
     */
    @Override
    public boolean failedCallLeftNothing(String sql) {
        return true;
    }
}
