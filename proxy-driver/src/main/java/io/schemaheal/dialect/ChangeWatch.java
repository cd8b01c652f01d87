package io.schemaheal.dialect;

import java.sql.SQLException;
import java.util.List;

/**
 * The proof that a heal only added: the database itself is asked what changed of everything that existed
 * when the watch began (rows and catalog), after each statement the heal runs on the watched connection. What
 * the text rules say of a statement is a first filter; this is what the promise rests on. One watch serves one
 * heal, on its connection, from after its lock is taken until before its commit.
 */
public interface ChangeWatch extends AutoCloseable {

    /** Where nothing can be observed: every statement passes (the text rules alone judged it). */
    ChangeWatch NONE = new ChangeWatch() {
        @Override
        public String changed(long ownRows) {
            return null;
        }

        @Override
        public void close() {
        }
    };

    /**
     * After a statement ran: what it changed of what existed before the watch began, said for the history (names
     * of objects and row counts, never values), or null when it only added.
     *
     * @param ownRows the rows the statement itself reports writing (its update count), or -1 when unknown
     */
    String changed(long ownRows) throws SQLException;

    /**
     * As {@link #changed}, for a statement that only defines something new ({@link
     * io.schemaheal.sql.SqlStatement#definesOnlyNew}): where the catalog check is the costly part, it may be left
     * to {@link #changedCatalog} before commit. Rows are looked at as for any statement.
     */
    default String changedRows(long ownRows) throws SQLException {
        return changed(ownRows);
    }

    /**
     * Before the heal commits: what changed of the catalog that existed before the watch began, when a statement was
     * looked at by {@link #changedRows} alone since the catalog was last found unchanged; else null. A change found
     * here cannot be laid to one statement: the whole heal is undone.
     */
    default String changedCatalog() throws SQLException {
        return null;
    }

    /**
     * When {@code failure} is the watch stopping a statement as it wrote what existed before (SQLite's guard
     * triggers), what it tried to change; null for any other failure.
     */
    default String stopped(SQLException failure) {
        return null;
    }

    /** The changes a watch found, sorted and joined for the history, or null for none. */
    static String said(List<String> changes) {
        return changes.isEmpty() ? null : String.join(", ", changes.stream().sorted().toList());
    }

    /** Ends the watch and removes whatever it set up; never throws. */
    @Override
    void close();
}
