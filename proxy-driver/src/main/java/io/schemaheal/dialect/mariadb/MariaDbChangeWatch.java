package io.schemaheal.dialect.mariadb;

import io.schemaheal.dialect.Deadline;
import io.schemaheal.dialect.ChangeWatch;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * MariaDB's proof of a heal's data statements. DDL commits as it goes, so it cannot be looked at before it
 * takes effect: it is judged before it runs (the text rules allow only forms whose effect is structural and
 * known). A heal's data statements run in a transaction of their own; before it commits, the rows that
 * transaction changed in all ({@code information_schema.innodb_trx.trx_rows_modified}, which counts what
 * triggers and foreign-key cascades did too) must be no more than the statement itself reports writing, which
 * are rows of the tables this heal created (the rules allow no other target). Anything more wrote rows that
 * existed before. Where the account may not read {@code innodb_trx} (it needs the PROCESS privilege: MariaDB
 * refuses the view, or shows it empty), nothing is observed, the log says so once per heal, and the text rules alone
 * judge. InnoDB refreshes that view at most every 100 ms, so each data
 * statement of a heal waits that long before it is looked at, never past {@code schemaheal.lock-timeout}: with less
 * time left than that the statement is undone as not proven (a heal is rare; other sessions reading
 * {@code innodb_trx} without pause could keep it older than that, which this cannot see).
 */
final class MariaDbChangeWatch implements ChangeWatch {

    private static final String MODIFIED = "SELECT trx_rows_modified FROM information_schema.innodb_trx "
            + "WHERE trx_mysql_thread_id = CONNECTION_ID()";

    /** How long InnoDB may show an old {@code innodb_trx} (its cache's refresh interval is 100 ms), with a margin. */
    private static final long CACHE_REFRESH_MS = 120;

    /** MariaDB's error for a statement that needs a privilege the account lacks (here PROCESS, for innodb_trx). */
    private static final int NEEDS_PRIVILEGE = 1227;

    private final Connection connection;
    private final Deadline deadline;
    /** The account may not read {@code innodb_trx}: nothing is observed for the rest of this heal. */
    private boolean blind;

    MariaDbChangeWatch(Connection connection, Deadline deadline) {
        this.connection = connection;
        this.deadline = deadline;
    }

    @Override
    public String changed(long ownRows) throws SQLException {
        if (connection.getAutoCommit()) {
            return null; // DDL: judged before it ran, and committed by now
        }
        if (ownRows == 0 || blind) {
            return null; // wrote no row: nothing can have cascaded or fired from it (or nothing can be seen)
        }
        if (deadline.left().toMillis() < CACHE_REFRESH_MS) {
            // not proven is not allowed: the statement is undone
            return "what it wrote could not be asked of MariaDB before the schemaheal.lock-timeout deadline";
        }
        try {
            // InnoDB refreshes what innodb_trx shows at most every 100 ms: wait until this statement is in it
            Thread.sleep(CACHE_REFRESH_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while asking MariaDB what the heal's statement changed", e);
        }
        long modified;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(MODIFIED)) {
            if (!rs.next()) {
                return null; // no transaction of ours in sight (nothing written, or no PROCESS privilege)
            }
            modified = rs.getLong(1);
        } catch (SQLException e) {
            if (e.getErrorCode() != NEEDS_PRIVILEGE) {
                throw e;
            }
            // MariaDB 10.5 and later refuse the view outright (older ones show it empty): the text rules alone judge
            blind = true;
            io.schemaheal.log.HealLog.get().warn("the heal's account may not read information_schema.innodb_trx (it needs "
                    + "the PROCESS privilege): what its data statements change beyond their own rows is not observed, and "
                    + "the text rules alone judge them; grant PROCESS to have them observed");
            return null;
        }
        long own = Math.max(0, ownRows);
        return modified > own ? "rows of tables that existed before the heal (" + modified + " rows changed in all, "
                + own + " by the statement itself: the rest by triggers or foreign-key cascades)" : null;
    }

    @Override
    public void close() {
        // nothing was set up: the watch only reads
    }
}
