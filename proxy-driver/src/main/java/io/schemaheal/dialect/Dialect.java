package io.schemaheal.dialect;

import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.time.Instant;

/**
 * Everything SchemaHeal knows about one kind of database: how it says a relation is missing, how to
 * ask its catalog, how to lock and transact a heal, how to quote. Nothing outside a dialect knows
 * error codes or catalog tables.
 */
public interface Dialect {

    /** Short name: sqlite, postgresql, mariadb. */
    String name();

    /** How this database reads SQL: its comments, strings and quoted names (see {@link io.schemaheal.sql.SqlLexer.Flavor}). */
    default io.schemaheal.sql.SqlLexer.Flavor flavor() {
        return io.schemaheal.sql.SqlLexer.Flavor.of(name());
    }

    /**
     * When {@code e} says that a relation does not exist, the relation's name as the database reported it
     * (used only to look it up in the manifest, never put into SQL); null for any other error. Must be
     * cheap for the errors that are not about a missing relation.
     */
    ObjectName missingRelation(SQLException e, String sql);

    /**
     * When {@code e} says that a column does not exist, that column (and the table or alias the error names
     * with it); null for any other error.
     */
    default MissingColumn missingColumn(SQLException e, String sql) {
        return null;
    }

    /**
     * How many statements of a failed {@code Statement} batch ran before the failure, so that only the rest
     * is run again after a heal; -1 when that cannot be known (the batch is then not retried).
     */
    default int batchStatementsDone(BatchUpdateException e, int batchSize) {
        int[] counts = e.getUpdateCounts();
        if (counts == null || counts.length >= batchSize) {
            return -1;
        }
        for (int c : counts) {
            if (c == java.sql.Statement.EXECUTE_FAILED) {
                return -1;
            }
        }
        return counts.length;
    }

    /**
     * True when the object exists. {@code table} is the table an index or trigger is on (index and trigger
     * names are per table in some databases); it may be null.
     */
    boolean exists(Connection c, ObjectType type, ObjectName name, ObjectName table) throws SQLException;

    /** The first of these relations that exists ({@link #exists}), or null: a database may ask for all at once. */
    default ObjectName firstExisting(Connection c, List<ObjectName> relations) throws SQLException {
        for (ObjectName r : relations) {
            if (exists(c, ObjectType.RELATION, r, null)) {
                return r;
            }
        }
        return null;
    }

    boolean columnExists(Connection c, ObjectName table, String column) throws SQLException;

    /** The names of a table's columns as the database keeps them, in order; empty when there is no such table. */
    List<String> columns(Connection c, ObjectName table) throws SQLException;

    /**
     * The tables of the connection's schema that have a column of each of these names (lower case): how a version
     * table is known whatever it is called (Flyway's {@code table} setting names it as the application likes).
     */
    List<String> tablesWithColumns(Connection c, List<String> columns) throws SQLException;

    /** Quotes an identifier for this database: as standard SQL does, unless it quotes otherwise. */
    default String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The column definition of an auto-incremented primary key, for the history table. */
    String autoIncrementPrimaryKey();

    /** DDL that creates the heal history table when it does not exist; {@code table} is already quoted. */
    default String createHistoryTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "id " + autoIncrementPrimaryKey() + ", "
                + "healed_at VARCHAR(40) NOT NULL, "
                + "table_name VARCHAR(255) NOT NULL, "
                + "migrations TEXT NOT NULL, "
                + "checksums TEXT NOT NULL, "
                + "statements_applied INTEGER NOT NULL, "
                + "statements_skipped INTEGER NOT NULL, "
                + "duration_ms BIGINT NOT NULL, "
                + "outcome VARCHAR(20) NOT NULL, "
                + "host VARCHAR(255), "
                + "process VARCHAR(255), "
                + "detail TEXT)";
    }

    /**
     * A key that names the database behind a connection, for the in-process heal lock: two connections
     * to one database give the same key.
     */
    default String databaseKey(String url, Connection connection) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q); // the URL without its parameters: host, port, database
    }

    /**
     * Starts a heal: takes the cross-process heal lock, waiting until {@code deadline}, and opens the
     * transaction the plan runs in, on the application's connection or a separate one as this database
     * requires, with unqualified names resolving to {@code schema} (null: the connection's own).
     * {@code historyTable} (quoted) may be used to take a write lock. Throws when the lock is not acquired
     * in time or the schema is not there.
     */
    HealTransaction begin(HealConnections connections, String historyTable, Instant deadline, String schema)
            throws SQLException;

    /**
     * Runs {@code sql}, which cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}), on {@code c} in
     * auto-commit mode after the heal committed: its waits end at {@code deadline} ({@code schemaheal.lock-timeout}),
     * the session's own settings are as they were after it, and a statement that failed leaves nothing half-made.
     * A wait cut off at the deadline fails with a {@link #momentary} exception.
     *
     * @param creates the index it creates (where the database keeps it), or null
     * @param schema  the schema its unqualified names resolve to, or null for the connection's own
     */
    default void runOutsideTransaction(Connection c, String sql, ObjectName creates, String schema, Instant deadline)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * True when a call that failed with {@code sql} left nothing of its own behind, so that it may run again after a
     * heal: one plain statement. A procedure call, or a string of several statements, may have run in part (here each
     * part commits on its own, or stays in the application's transaction): it is healed, not run again.
     */
    default boolean failedCallLeftNothing(String sql) {
        return !io.schemaheal.sql.PartialRuns.possible(sql);
    }

    /**
     * Starts watching what a heal changes on {@code c}, its transaction's connection, from now on: called under the
     * heal lock, before the heal's first statement. {@code historyTable} (quoted) is the heal's own record; the watch
     * waits for nothing past {@code deadline} ({@code schemaheal.lock-timeout}).
     */
    default ChangeWatch watch(Connection c, String historyTable, Instant deadline) throws SQLException {
        return ChangeWatch.NONE;
    }

    /**
     * The schema the session's unqualified names resolve to right now (PostgreSQL {@code current_schema()},
     * MariaDB {@code DATABASE()}), or null where there is only the connection's own (SQLite).
     */
    default String currentSchema(Connection c) throws SQLException {
        return null;
    }

    /**
     * True when {@code c} is inside a transaction. JDBC's auto-commit is what the application told the driver; where a
     * transaction can also be begun with SQL and the server can say so (MariaDB {@code START TRANSACTION}), the server
     * is asked too. Asked only on a heal's way, never for a statement that succeeds.
     */
    default boolean inTransaction(Connection c) throws SQLException {
        return !c.getAutoCommit();
    }

    /**
     * True when the application's session or transaction may only read ({@code setReadOnly(true)}, a read-only
     * transaction): a promise of the application's, not of the server. A heal is never written through it: it runs on a
     * separate connection (see {@link HealConnections#needSeparate}).
     */
    default boolean readOnly(Connection c) throws SQLException {
        return c.isReadOnly();
    }

    /** True when the server takes nobody's writes (a standby, a read-only server): a heal never writes there. */
    default boolean serverReadOnly(Connection c) throws SQLException {
        return false;
    }

    /**
     * True when the statement failed because the transaction's snapshot is older than a table definition
     * (MariaDB 1412 after a heal committed elsewhere): it cannot succeed in this transaction.
     */
    default boolean snapshotPredatesHeal(SQLException e) {
        return false;
    }

    /**
     * What tells this incarnation of a relation from one created later under the same name (MariaDB: InnoDB's table
     * id, else its creation time), or null where no heal needs to know (DDL is transactional).
     */
    default String incarnation(Connection c, ObjectName relation) throws SQLException {
        return null;
    }

    /** SQLState of a lock not granted in time: PostgreSQL's, and SchemaHeal's own for its heal lock everywhere. */
    String LOCK_NOT_AVAILABLE = "55P03";

    /**
     * True when a statement failed for a reason of the moment, not of the script or the account: the
     * connection was lost (08000, 08003, 08006, 08S01; a login refused, 08001/08004, is not of the moment),
     * a lock was not granted in time ({@link #LOCK_NOT_AVAILABLE}), a deadlock or serialization failure
     * (class 40).
     */
    default boolean momentary(SQLException e) {
        String state = e.getSQLState();
        return state != null && (LOST.contains(state) || state.startsWith("40") || state.equals(LOCK_NOT_AVAILABLE));
    }

    /** SQLStates of a connection lost while in use. */
    java.util.Set<String> LOST = java.util.Set.of("08000", "08003", "08006", "08S01");

    /**
     * True when heals of one database in this process always queue on the in-process lock before the
     * database's own, also for a connection inside a transaction (SQLite, which has no lock waits of its
     * own to offer). On a server, a connection inside a transaction waits on the server's lock only: the
     * server must see that wait, so that its deadlock detector can break the cycle of a heal that needs
     * a lock on a table that a transaction waiting for it has written.
     */
    default boolean inProcessHealLock() {
        return false;
    }

    /** How long a name the database keeps can be (PostgreSQL cuts longer ones to 63 bytes); 0 for no limit that matters. */
    default int maxNameLength() {
        return 0;
    }

    /** True when {@link #begin} would run the heal on a separate connection rather than the application's. */
    default boolean healsOnSeparateConnection(HealConnections connections) throws SQLException {
        return connections.needSeparate();
    }

    /**
     * True where a failed statement aborts the application's transaction (PostgreSQL): statements that
     * may fail then run under a savepoint, so that they can run again after a heal.
     */
    default boolean errorAbortsTransaction() {
        return false;
    }

    /**
     * True when the connection is out of auto-commit but its transaction has not begun yet (the driver begins it with
     * the next statement): a statement about to run is then the first of its transaction, and should it fail, rolling
     * the transaction back loses nothing the application did. False where the driver cannot tell.
     */
    default boolean transactionNotBegun(Connection c) {
        return false;
    }

    /** True where DDL is transactional: a failed heal leaves nothing behind. */
    default boolean transactionalDdl() {
        return true;
    }

    /**
     * True where a heal must build the indexes its plan adds to a table it creates inside that table's
     * {@code CREATE TABLE} (MariaDB: altering a table with a foreign key waits for every transaction that
     * wrote the parent, the application's own among them).
     */
    default boolean buildsIndexesWithNewTable() {
        return false;
    }

    /**
     * Makes the identity or serial sequence of {@code column} of {@code parent}, a table this heal created, start past
     * every value that {@code referencing} (child table, column) pairs still hold: rows that referenced the lost
     * table's rows must not be inherited by its new rows. Where the database has no such sequence, nothing.
     */
    default void startPast(Connection c, ObjectName parent, ObjectName column, List<ObjectName[]> referencing)
            throws SQLException {
    }

    /**
     * The statement that adds back a foreign key another table declares to a table a heal re-created,
     * without checking that table's existing rows; null where a foreign key is never lost with its parent
     * (SQLite keeps it in the child's definition).
     *
     * @param name       the constraint's name as written, or null to let the database name it
     * @param columns    the child's columns as written
     * @param references {@code REFERENCES parent (x) ...} as written
     */
    default String addForeignKey(ObjectName child, String name, List<String> columns, String references) {
        return null;
    }

    /** A name for SQL with each of its parts quoted ({@link #quote}): the schema, where it has one, and the name. */
    default String quoteQualified(ObjectName n) {
        return n.schema() == null ? quote(n.name()) : quote(n.schema()) + "." + quote(n.name());
    }

    /** A name for SQL as the migration wrote it: quoted where it was quoted (a quoted name keeps its case). */
    default String written(ObjectName n) {
        String name = n.quoted() ? quote(n.name()) : n.name();
        return n.schema() == null ? name : n.schema() + "." + name;
    }

    /**
     * {@code ALTER TABLE child ADD [CONSTRAINT name] FOREIGN KEY (columns) references}, as the migrations wrote its parts;
     * {@code child} as the database is to read it (quoted where it must be).
     */
    static String alterTableAddForeignKey(String child, String name, List<String> columns, String references) {
        return "ALTER TABLE " + child + " ADD " + (name == null ? "" : "CONSTRAINT " + name + " ") + "FOREIGN KEY ("
                + String.join(", ", columns) + ") " + references;
    }

    /**
     * {@code ALTER TABLE t ADD <constraint>} as this database runs it for a column a heal has just added (its
     * rows all hold NULL there), or null where a table constraint cannot be added after the fact (SQLite).
     */
    default String addConstraint(SqlStatement alterTableAdd) {
        return alterTableAdd.sql();
    }

    /**
     * True where the server ignores a column constraint's {@code REFERENCES} (MySQL; MariaDB honours it since
     * 10.5): such a clause never made a foreign key, so none is expected or added back.
     */
    default boolean ignoresColumnReferences(Connection c) throws SQLException {
        return false;
    }

    /** True when the sequence belongs to the table (PostgreSQL: made for its {@code serial} or identity column). */
    default boolean sequenceOwnedBy(Connection c, ObjectName sequence, ObjectName table) throws SQLException {
        return false;
    }

    /** True when {@code child} has a foreign key on exactly {@code columns} (as written) to {@code parent}. */
    default boolean foreignKeyExists(Connection c, ObjectName child, List<String> columns, ObjectName parent)
            throws SQLException {
        return true;
    }

    /**
     * True when the application's open transaction, on {@code app}, holds a lock on {@code parent} that adding a foreign
     * key to it would wait for (it wrote rows of it). Asked on the heal's separate connection {@code heal}: a heal there
     * sets such a key aside until that transaction ends rather than wait on the application's own lock, which is not
     * released while the application waits for the heal. False where a heal never needs to.
     */
    default boolean applicationLocks(Connection app, Connection heal, ObjectName parent) throws SQLException {
        return false;
    }

    /**
     * True when {@code child} has a row whose {@code columns} (as written) are all set: a row a foreign key on them
     * could reject. Where it cannot be asked, true (the key is then added without checking rows).
     */
    default boolean anyReferencingRow(Connection c, ObjectName child, List<String> columns) throws SQLException {
        return true;
    }

    /**
     * The statement that checks the existing rows against the foreign key of {@code child} on {@code columns} to
     * {@code parent} that was added without checking them ({@link #addForeignKey}), or null where there is none.
     */
    default String validateForeignKey(Connection c, ObjectName child, List<String> columns, ObjectName parent)
            throws SQLException {
        return null;
    }

    /** The column names as the catalog keeps them: quotes removed, unquoted names folded to lower case; sorted. */
    static String columnList(List<String> columns) {
        return columns.stream().map(col -> ObjectName.unquote(col).equals(col) ? col.toLowerCase(java.util.Locale.ROOT)
                : ObjectName.unquote(col)).sorted().collect(java.util.stream.Collectors.joining(","));
    }
}
