package io.schemaheal.dialect.mariadb;

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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB and MySQL. A missing table is error 1146 / SQLState {@code 42S02}, whose message names
 * {@code db.table}. DDL commits implicitly, so a heal never runs inside the application's transaction
 * (a separate connection then) and is not atomic: every statement is guarded, and a heal interrupted
 * halfway is completed by the next. The cross-process lock is {@code GET_LOCK}, named after the schema.
 */
public final class MariaDbDialect implements DatabaseErrors, CatalogQueries, Transactions, DdlWriter {

    private MariaDbDialect() {
    }

    /** MariaDB (and MySQL) as the engine asks it: this class's parts, and what the database does by nature. */
    public static Dialect create() {
        MariaDbDialect d = new MariaDbDialect();
        return new Dialect("mariadb", false, false, false, true, d, d, d, d);
    }


    private static final int NO_SUCH_TABLE = 1146;
    private static final int NO_SUCH_SEQUENCE = 4091;
    /** "Lock wait timeout exceeded": also a metadata lock not granted at once under lock_wait_timeout = 0. */
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    /** "Can't create table": with errno 150, a foreign key that does not fit (yet). */
    private static final int CANT_CREATE_TABLE = 1005;
    private static final long MAX_PAUSE_MILLIS = 200;
    private static final Pattern TABLE = Pattern.compile("Table '([^']+)' doesn't exist");
    /** Error 4091 (also 42S02): a sequence's {@code NEXTVAL}, {@code NEXT VALUE FOR}, {@code SETVAL} found none. */
    private static final Pattern SEQUENCE = Pattern.compile("Unknown SEQUENCE: '([^']+)'");
    private static final String LOCK_NAME = "CONCAT('schemaheal:', MD5(DATABASE()))";

    @Override
    public ObjectName missingRelation(SQLException e, String sql) {
        if (e.getErrorCode() != NO_SUCH_TABLE && e.getErrorCode() != NO_SUCH_SEQUENCE && !"42S02".equals(e.getSQLState())) {
            return null;
        }
        Matcher m = TABLE.matcher(String.valueOf(e.getMessage()));
        if (!m.find() && !(m = SEQUENCE.matcher(String.valueOf(e.getMessage()))).find()) {
            return null;
        }
        String name = m.group(1);
        int dot = name.indexOf('.');
        return dot > 0 ? new ObjectName(name.substring(0, dot), name.substring(dot + 1), false) : ObjectName.of(name);
    }

    private static final Pattern UNKNOWN_COLUMN = Pattern.compile("Unknown column '([^']+)'");

    /** Error 1054 / 42S22: {@code Unknown column 'x' in 'field list'}, or {@code 't.x'}. */
    @Override
    public MissingColumn missingColumn(SQLException e, String sql) {
        if (e.getErrorCode() != 1054 && !"42S22".equals(e.getSQLState())) {
            return null;
        }
        Matcher m = UNKNOWN_COLUMN.matcher(String.valueOf(e.getMessage()));
        return m.find() ? MissingColumn.parse(m.group(1)) : null;
    }

    /**
     * With foreign-key checks off for this one statement: the child's existing rows are not checked, and
     * the ALTER waits for no transaction that wrote the parent.
     */
    @Override
    public String addForeignKey(ObjectName child, String name, List<String> columns, String references) {
        return "SET STATEMENT foreign_key_checks = 0 FOR " + DdlWriter.alterTableAddForeignKey(written(child), name, columns, references);
    }

    /** MySQL parses and ignores a column's REFERENCES; MariaDB creates the foreign key (10.5 and later). */
    @Override
    public boolean ignoresColumnReferences(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            return rs.next() && !String.valueOf(rs.getString(1)).contains("MariaDB");
        }
    }

    @Override
    public boolean foreignKeyExists(Connection c, ObjectName child, List<String> columns, ObjectName parent)
            throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 FROM (SELECT constraint_name, GROUP_CONCAT(LOWER(column_name) ORDER BY "
                + "LOWER(column_name)) AS cols FROM information_schema.key_column_usage WHERE table_schema = COALESCE(?, "
                + "DATABASE()) AND table_name = ? AND referenced_table_name = ? GROUP BY constraint_name) k WHERE k.cols = ?",
                child.schema(), child.name(), parent.name(), DdlWriter.columnList(columns).toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public boolean exists(Connection c, ObjectType type, ObjectName name, ObjectName table) throws SQLException {
        String schema = name.schema();
        return switch (type) {
            case RELATION -> Catalog.anyRow(c, "SELECT 1 FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) "
                    + "AND table_name = ?", schema, name.name());
            case INDEX -> table == null
                    ? Catalog.anyRow(c, "SELECT 1 FROM information_schema.statistics WHERE table_schema = COALESCE(?, DATABASE()) "
                    + "AND index_name = ?", schema, name.name())
                    : Catalog.anyRow(c, "SELECT 1 FROM information_schema.statistics WHERE table_schema = COALESCE(?, DATABASE()) "
                    + "AND index_name = ? AND table_name = ?", schema, name.name(), table.name());
            case TRIGGER -> Catalog.anyRow(c, "SELECT 1 FROM information_schema.triggers WHERE trigger_schema = COALESCE(?, DATABASE()) "
                    + "AND trigger_name = ?", schema, name.name());
            case SEQUENCE -> Catalog.anyRow(c, "SELECT 1 FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) "
                    + "AND table_name = ? AND table_type = 'SEQUENCE'", schema, name.name());
            case FUNCTION -> Catalog.anyRow(c, "SELECT 1 FROM information_schema.routines WHERE routine_schema = COALESCE(?, DATABASE()) "
                    + "AND routine_name = ?", schema, name.name());
            case TYPE -> false;
        };
    }

    @Override
    public boolean columnExists(Connection c, ObjectName table, String column) throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) "
                + "AND table_name = ? AND column_name = ?", table.schema(), table.name(), column);
    }

    @Override
    public List<String> columns(Connection c, ObjectName table) throws SQLException {
        return Catalog.strings(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) "
                + "AND table_name = ? ORDER BY ordinal_position", table.schema(), table.name());
    }

    @Override
    public List<String> tablesWithColumns(Connection c, List<String> columns) throws SQLException {
        return Catalog.havingAll(c, "SELECT table_name FROM information_schema.columns WHERE table_schema = DATABASE() "
                + "AND lower(column_name) IN (%s) GROUP BY table_name HAVING count(*) = CAST(? AS SIGNED) ORDER BY 1", columns);
    }

    @Override
    public String quote(String identifier) {
        return quoted(identifier);
    }

    @Override
    public String autoIncrementPrimaryKey() {
        return "BIGINT AUTO_INCREMENT PRIMARY KEY";
    }

    /** Error 1227: the statement needs a privilege the account lacks (PROCESS, for InnoDB's views). */
    private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;
    /** Error 1109: no such table in information_schema (a server without that view). */
    private static final int ER_UNKNOWN_TABLE = 1109;

    /** Error 1412, "Table definition has changed, please retry transaction". */
    @Override
    public boolean snapshotPredatesHeal(SQLException e) {
        return e.getErrorCode() == 1412;
    }

    /** Also 1205, "Lock wait timeout exceeded" (SQLState HY000), and 1213, a deadlock. */
    @Override
    public boolean momentary(SQLException e) {
        return DatabaseErrors.super.momentary(e) || e.getErrorCode() == LOCK_WAIT_TIMEOUT || e.getErrorCode() == 1213;
    }

    /**
     * InnoDB's id of the table, new at every {@code CREATE}; where the account may not read it (it needs the PROCESS
     * privilege), or the name is one InnoDB spells otherwise, the table's creation time, to the second: a table dropped
     * and made again within that second then looks the same.
     */
    @Override
    public String incarnation(Connection c, ObjectName relation) throws SQLException {
        if (relation.name().matches("[A-Za-z0-9_]+") && (relation.schema() == null || relation.schema().matches("[A-Za-z0-9_]+"))) {
            // MariaDB's INNODB_SYS_TABLES, MySQL 8's INNODB_TABLES: the name is schema/table
            for (String view : new String[] {"INNODB_SYS_TABLES", "INNODB_TABLES"}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_ID FROM information_schema." + view
                        + " WHERE NAME = CONCAT(COALESCE(?, DATABASE()), '/', ?)")) {
                    ps.setString(1, relation.schema());
                    ps.setString(2, relation.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return "innodb table " + rs.getLong(1);
                        }
                        break; // not there, or not InnoDB's: its creation time says what can be said
                    }
                } catch (SQLException e) {
                    if (e.getErrorCode() != ER_SPECIFIC_ACCESS_DENIED && e.getErrorCode() != ER_UNKNOWN_TABLE) {
                        throw e;
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT CREATE_TIME FROM information_schema.tables "
                + "WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?")) {
            ps.setString(1, relation.schema());
            ps.setString(2, relation.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? String.valueOf(rs.getTimestamp(1)) : null;
            }
        }
    }

    @Override
    public String currentSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * Also a transaction begun with SQL ({@code START TRANSACTION}, {@code BEGIN}): JDBC's auto-commit stays on, and
     * DDL on this connection would commit it. {@code @@in_transaction} is MariaDB's; a server without it (MySQL) is
     * judged by auto-commit alone.
     */
    @Override
    public boolean inTransaction(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            return true;
        }
        try {
            return Catalog.anyRow(c, "SELECT 1 FROM DUAL WHERE @@in_transaction = 1");
        } catch (SQLException noSuchVariable) {
            return false;
        }
    }

    /** A server started read-only ({@code --read-only}, a replica), or one whose InnoDB is: nobody's writes are taken. */
    @Override
    public boolean serverReadOnly(Connection c) throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 FROM DUAL WHERE @@global.read_only = 1 OR @@global.innodb_read_only = 1");
    }

    /** Also a transaction the session holds read-only ({@code SET SESSION TRANSACTION READ ONLY}). */
    @Override
    public boolean readOnly(Connection c) throws SQLException {
        if (c.isReadOnly()) {
            return true;
        }
        try {
            return Catalog.anyRow(c, "SELECT 1 FROM DUAL WHERE @@session.tx_read_only = 1"); // MariaDB, MySQL 5.7
        } catch (SQLException renamed) {
            return Catalog.anyRow(c, "SELECT 1 FROM DUAL WHERE @@session.transaction_read_only = 1"); // MySQL 8
        }
    }

    /**
     * {@code ALTER TABLE parent AUTO_INCREMENT = n} past the children's largest value, where {@code column} is the
     * table's {@code AUTO_INCREMENT} column (the table is this heal's, just created); otherwise, or where a child column
     * holds no numbers, nothing.
     */
    @Override
    public void startPast(Connection c, ObjectName parent, ObjectName column, List<ObjectName[]> referencing)
            throws SQLException {
        if (referencing.isEmpty() || !Catalog.anyRow(c, "SELECT 1 FROM information_schema.columns WHERE table_schema = "
                + "COALESCE(?, DATABASE()) AND table_name = ? AND column_name = ? AND extra LIKE '%auto_increment%'",
                parent.schema(), parent.name(), column.name())) {
            return;
        }
        StringBuilder max = new StringBuilder();
        for (ObjectName[] r : referencing) {
            max.append(max.length() == 0 ? "" : " UNION ALL ").append("SELECT max(").append(quoted(r[1].name()))
                    .append(") AS m FROM ").append(quoteQualified(r[0]));
        }
        long past;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT max(m) FROM (" + max + ") u")) {
            if (!rs.next() || rs.getObject(1) == null) {
                return;
            }
            past = rs.getLong(1) + 1;
        } catch (SQLException notNumbers) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + quoteQualified(parent) + " AUTO_INCREMENT = " + past);
        }
    }

    @Override
    public HealTransaction begin(HealConnections connections, String historyTable, Instant deadline, String schema)
            throws SQLException {
        boolean separate = connections.needSeparate();
        Connection c = separate ? connections.openSeparate() : connections.app();
        Transaction tx = new Transaction(c, separate, connections.appMayHoldLocks());
        try {
            if (separate) {
                c.setAutoCommit(true);
            }
            String current = currentSchema(c);
            if (schema != null && !schema.equals(current)) {
                // unqualified names of the heal resolve in the schema it heals; the application's own default comes back at close
                try (Statement st = c.createStatement()) {
                    st.execute("USE " + quote(schema));
                }
                tx.restoreSchema = separate || current == null ? null : current;
            }
            // fractional seconds (MariaDB 10.1.2 and later): the wait ends at the deadline, not up to a second after it;
            // inside the application's transaction no wait at all (HealConnections.BUSY_INSIDE_TRANSACTION)
            double seconds = tx.callerMayHoldLocks ? 0 : Math.max(0, Duration.between(Instant.now(), deadline).toMillis()) / 1000.0;
            try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(" + LOCK_NAME + ", ?)")) {
                ps.setDouble(1, seconds);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        throw new SQLException(tx.callerMayHoldLocks ? HealConnections.BUSY_INSIDE_TRANSACTION
                                : "the MariaDB heal lock (GET_LOCK) was not acquired within " + Math.round(seconds * 1000)
                                + " ms (schemaheal.lock-timeout; another session holds it)", LOCK_NOT_AVAILABLE);
                    }
                }
            }
            tx.locked = true;
            if (!separate) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT @@session.lock_wait_timeout, @@session.innodb_lock_wait_timeout")) {
                    rs.next();
                    tx.restoreTimeouts = new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
            tx.deadline = deadline;
            tx.beforeStatement();
            return tx;
        } catch (SQLException | RuntimeException e) {
            tx.close();
            throw e;
        }
    }

    /** Whole seconds until the deadline, rounded up, never negative: what MariaDB's timeouts take. */
    private static long secondsLeft(Instant deadline) {
        return Math.max(0, (Duration.between(Instant.now(), deadline).toMillis() + 999) / 1000);
    }

    private static String quoted(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** DDL commits as it goes: commit and rollback have nothing to do; close releases the lock. */
    private static final class Transaction implements HealTransaction {
        private final Connection connection;
        private final boolean separate;
        /** The application's connection may hold the locks this heal needs: ask for them, never queue. */
        final boolean callerMayHoldLocks;
        boolean locked;
        /** The application connection's own default database, to go back to after the heal; null when unchanged. */
        String restoreSchema;
        /** The application connection's own lock wait timeouts, to go back to after the heal; null when unchanged. */
        long[] restoreTimeouts;
        /** When schemaheal.lock-timeout runs out for this heal. */
        Instant deadline;
        /** The row lock wait timeout the session has now, in seconds; -1 before the first is set. */
        private long waitSeconds = -1;
        /** How long {@link #again} pauses next. */
        private long pauseMillis = 10;
        /** Foreign-key checks this heal switched off for one statement (errno 150), on again before the next. */
        private boolean foreignKeyChecksOff;

        Transaction(Connection connection, boolean separate, boolean callerMayHoldLocks) {
            this.connection = connection;
            this.separate = separate;
            this.callerMayHoldLocks = callerMayHoldLocks;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        /**
         * A pending DDL lock request holds up every later statement on that table (and, for a table with a
         * foreign key, every write to its parent), so a heal queues for a metadata lock at most a second at a
         * time ({@code lock_wait_timeout = 1}), and {@link #again} pauses, letting those statements through,
         * before it asks again, until the deadline: the application's statements wait at most that second
         * behind it, and a steady stream of short transactions cannot starve it (a lock that is only ever
         * asked for, never queued for, is granted only in a moment when nobody holds it). Inside the
         * application's transaction the heal asks once and never queues ({@code lock_wait_timeout = 0}):
         * that transaction may hold the lock itself (every transaction that wrote a parent table holds a
         * shared metadata lock on each of its child tables, by name, until it ends), and meanwhile it holds
         * up every heal of the database; the connection heals again once it has ended. Row locks (seed rows)
         * wait at most until the deadline, in whole seconds (up to a second past it).
         */
        @Override
        public void beforeStatement() throws SQLException {
            foreignKeyChecksOn();
            long left = secondsLeft(deadline);
            if (left == 0) {
                throw new SQLException("the heal ran out of schemaheal.lock-timeout before its next statement",
                        DatabaseErrors.LOCK_NOT_AVAILABLE);
            }
            if (left != waitSeconds) {
                try (Statement st = connection.createStatement()) {
                    st.execute("SET SESSION lock_wait_timeout = " + (callerMayHoldLocks ? 0 : 1)
                            + ", innodb_lock_wait_timeout = " + left);
                }
                waitSeconds = left;
            }
        }

        /**
         * Error 1205: the lock was not granted in time (or a row lock wait ran out); paused, then run again —
         * outside the application's transaction only (inside it, the connection heals again when it ends).
         */
        @Override
        public boolean again(SQLException failure) {
            if (failure.getErrorCode() == CANT_CREATE_TABLE && String.valueOf(failure.getMessage()).contains("errno: 150")
                    && !foreignKeyChecksOff) {
                return withoutForeignKeyChecks();
            }
            if (failure.getErrorCode() != LOCK_WAIT_TIMEOUT || callerMayHoldLocks) {
                return false;
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(left, pauseMillis));
                pauseMillis = Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2);
                beforeStatement();
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (SQLException outOfTime) {
                return false;
            }
        }

        /**
         * Errno 150: a table the heal makes again that existing tables' foreign keys still reference, made before
         * the later statements that give it what those keys need (its primary key, a column's final type). The
         * statement runs again with foreign-key checks off for the session, which only skips that check of
         * definitions: the heal's own DDL changes no row, and the checks are on again before its next statement.
         */
        private boolean withoutForeignKeyChecks() {
            try (Statement st = connection.createStatement()) {
                st.execute("SET SESSION foreign_key_checks = 0");
                foreignKeyChecksOff = true;
                return true;
            } catch (SQLException e) {
                return false;
            }
        }

        private void foreignKeyChecksOn() throws SQLException {
            if (foreignKeyChecksOff) {
                try (Statement st = connection.createStatement()) {
                    st.execute("SET SESSION foreign_key_checks = 1");
                }
                foreignKeyChecksOff = false;
            }
        }

        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }

        @Override
        public void close() {
            if (locked) {
                try (Statement st = connection.createStatement()) {
                    st.executeQuery("SELECT RELEASE_LOCK(" + LOCK_NAME + ")").close();
                } catch (SQLException ignored) {
                    // the lock goes with the session anyway
                }
            }
            try (Statement st = connection.createStatement()) {
                foreignKeyChecksOn();
                if (restoreSchema != null) {
                    st.execute("USE " + quoted(restoreSchema));
                }
                if (restoreTimeouts != null) {
                    st.execute("SET SESSION lock_wait_timeout = " + restoreTimeouts[0] + ", innodb_lock_wait_timeout = "
                            + restoreTimeouts[1]);
                }
            } catch (SQLException ignored) {
                // the connection is going away; nothing else depends on it
            }
            if (separate) {
                Catalog.closeQuietly(connection);
            }
        }
    }

    @Override
    public ChangeWatch watch(Connection c, String historyTable, Instant deadline) throws SQLException {
        return new MariaDbChangeWatch(c, deadline);
    }
}
