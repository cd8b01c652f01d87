package io.schemaheal.dialect;

import io.schemaheal.sql.ObjectName;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a database's errors say: a relation or column missing, a failure of the moment, how much of a batch or call
 * ran. One of a {@link Dialect}'s parts.
 */
public interface DatabaseErrors {

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
     * True when a call that failed with {@code sql} left nothing of its own behind, so that it may run again after a
     * heal: one plain statement. A procedure call, or a string of several statements, may have run in part (here each
     * part commits on its own, or stays in the application's transaction): it is healed, not run again.
     */
    default boolean failedCallLeftNothing(String sql) {
        return !io.schemaheal.sql.PartialRuns.possible(sql);
    }

    /**
     * True when the statement failed because the transaction's snapshot is older than a table definition
     * (MariaDB 1412 after a heal committed elsewhere): it cannot succeed in this transaction.
     */
    default boolean snapshotPredatesHeal(SQLException e) {
        return false;
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
}
