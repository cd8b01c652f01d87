package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.log.Redact;

import java.sql.SQLException;

/**
 * Why a missing relation was not healed. Never thrown on its own: it is attached as a suppressed
 * exception to the application's original exception, which it also marks as already handled, so that
 * an outer layer (a pool's proxy, the agent) does not heal the same failure twice.
 */
public final class HealFailedException extends SQLException {
    private static final long serialVersionUID = 1L;

    /** The heal ran and the database refused what it did (or its rules left the target unmade): it was undone. */
    private final boolean refused;

    public HealFailedException(String message) {
        super(Redact.text(message));
        this.refused = false;
    }

    private HealFailedException(String message, boolean refused) {
        super(Redact.text(message));
        this.refused = refused;
    }

    /** A heal that ran and was undone as a whole: what it would have made was not only additions, or not the target. */
    static HealFailedException refused(String message) {
        return new HealFailedException(message, true);
    }

    /** True for a heal that ran and was undone ({@link #refused}), as against one that could not run or failed. */
    public boolean isRefusal() {
        return refused;
    }

    /**
     * @param cause a database's exception is kept as a copy that says what {@link Redact#databaseMessage} says: the
     *              application may log this exception, and the database's message quotes the values of a seed's row
     */
    public HealFailedException(String message, Throwable cause) {
        super(Redact.text(message), cause instanceof SQLException e && !(cause instanceof HealFailedException)
                ? io.schemaheal.dialect.Dialects.withoutValues(e) : cause);
        this.refused = false;
    }

    /** True when the heal failed for a reason of the moment (see {@link Dialect#momentary}), not of the script. */
    public boolean momentary(Dialect dialect) {
        return getCause() instanceof SQLException cause && dialect.momentary(cause);
    }

    /**
     * True when SchemaHeal has already tried to heal this failure: this copy of it, or another (the agent's
     * relocated engine under an application's own schemaheal-jdbc, or the other way round), known by name.
     */
    public static boolean isHandled(SQLException e) {
        for (Throwable t : e.getSuppressed()) {
            if (t instanceof HealFailedException || t.getClass().getSimpleName().equals("HealFailedException")
                    && t.getClass().getName().contains("schemaheal")) {
                return true;
            }
        }
        return false;
    }
}
