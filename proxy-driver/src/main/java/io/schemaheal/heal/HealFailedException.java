package io.schemaheal.heal;

import io.schemaheal.log.Redact;

import java.sql.SQLException;

/**
 * Why a missing relation was not healed. Never thrown on its own: it is attached as a suppressed
 * exception to the application's original exception, which it also marks as already handled, so that
 * an outer layer (a pool's proxy, the agent) does not heal the same failure twice.
 */
public final class HealFailedException extends SQLException {
    private static final long serialVersionUID = 1L;

    /** Why a rule refused the heal; null: the heal failed (it could not run, or the database failed it). */
    private final HealReason reason;

    public HealFailedException(String message) {
        super(Redact.text(message));
        this.reason = null;
    }

    HealFailedException(HealReason reason, String message) {
        super(Redact.text(message));
        this.reason = reason;
    }

    /** Which rule refused the heal ({@link HealResult.Refused}); null for a heal that failed ({@link HealResult.Failed}). */
    public HealReason reason() {
        return reason;
    }

    /**
     * @param cause a database's exception is kept as a copy that says what {@link Redact#databaseMessage} says: the
     *              application may log this exception, and the database's message quotes the values of a seed's row
     */
    public HealFailedException(String message, Throwable cause) {
        super(Redact.text(message), cause instanceof SQLException e && !(cause instanceof HealFailedException)
                ? io.schemaheal.dialect.Dialects.withoutValues(e) : cause);
        this.reason = null;
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
