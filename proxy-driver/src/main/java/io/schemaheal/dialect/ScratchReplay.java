package io.schemaheal.dialect;

import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What a set's migrations make of a table when some of them build SQL at run time (a procedure that puts an
 * {@code ALTER TABLE} together with {@code CONCAT}): no reading of the text says it, so the database is asked. Every
 * statement of the set runs, in order, on a scratch database of the same server, made for this and dropped after it;
 * what it made of the tables to heal is read from its catalog, and the heal makes them as that says. The live database
 * is guarded while the replay runs: see the implementation.
 */
public interface ScratchReplay {

    /** One statement of the set, and where it is written ({@code V8__update_pk.sql:63}). */
    record Replayed(String where, SqlStatement statement) {
    }

    /**
     * A table as the replay left it: its {@code CREATE TABLE} (indexes and keys in it), the {@code CREATE TRIGGER}s on
     * it by name, and {@code INSERT}s of the rows the migrations left in it, {@code rowCount} of them (-1: not read).
     */
    record Relation(String create, Map<String, String> triggers, List<String> rows, long rowCount) {
    }

    /** Why the replay may not run, or did not finish: the heal is refused with it. */
    final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * What is left of {@code schemaheal.lock-timeout} for the replay's next statement, in milliseconds; refused when
     * nothing is ({@code scratch}: where the replay runs, as the reason says it).
     */
    static long timeLeft(Deadline deadline, Replayed next, String scratch) throws Refused {
        long left = deadline.left().toMillis();
        if (left <= 0) {
            throw new Refused("the replay " + scratch + " did not finish within schemaheal.lock-timeout (it stopped "
                    + "before " + next.where() + ")");
        }
        return left;
    }

    /**
     * Replays {@code statements} on a scratch database and returns what they made of each table, by its name in lower
     * case.
     *
     * @param guard   a connection to the live database ({@code liveSchema}) the heal holds its lock on; it holds what
     *                keeps the replay off the live tables until the replay is done, and is left as it was found
     * @param replay  a connection of the heal's own account, for the replay alone
     */
    Map<String, Relation> replay(Connection guard, Connection replay, String liveSchema, List<Replayed> statements,
                                 Deadline deadline) throws SQLException, Refused;

    /**
     * True when a heal makes a table as the replay made it ({@link Relation#create} is a statement); false when the
     * replay only checks a heal from the scripts' text ({@link Relation#create} is the shape {@link #definition} reads).
     */
    default boolean makesTables() {
        return true;
    }

    /** How many rows {@code table} in {@code schema} holds: to compare with {@link Relation#rowCount}. */
    default long rowCount(Connection c, String schema, ObjectName table) throws SQLException {
        return -1;
    }

    /**
     * The definition of {@code table} in {@code schema} as this database writes it ({@code CREATE TABLE}, or its shape),
     * to compare with a replay's; null when there is no such table.
     */
    String definition(Connection c, String schema, ObjectName table) throws SQLException;
}
