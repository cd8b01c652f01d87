package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;

import java.sql.SQLException;

/**
 * What one heal came to: {@link Healed} (or nothing was left to do), {@link Refused} by a rule, or {@link Failed}. The
 * application sees a refusal or a failure as the {@link HealFailedException} attached to its own exception.
 */
public sealed interface HealResult permits HealResult.Healed, HealResult.Refused, HealResult.Failed {

    HealResult HEALED = new Healed();

    /** The exception the application gets attached to its own; null for {@link Healed}. */
    HealFailedException exception();

    /** Healed, or there was nothing to heal any more (another session made it meanwhile). */
    record Healed() implements HealResult {
        @Override
        public HealFailedException exception() {
            return null;
        }
    }

    /**
     * A rule said no, before the heal or by undoing it: trying again at once says the same. The exception is made once,
     * with the refusal: the log, the back-off and the application read the same one.
     */
    record Refused(HealFailedException exception) implements HealResult {
        /** Which rule said no. */
        public HealReason reason() {
            return exception.reason();
        }
    }

    /**
     * The heal could not run, or the database failed it: the exception's cause is the database's exception (null:
     * none), and {@link #momentary} says whether it was of the moment (a lock not granted in time, a deadlock, a lost
     * connection).
     */
    record Failed(HealFailedException exception) implements HealResult {
        public Failed(String message) {
            this(new HealFailedException(message));
        }

        public Failed(String message, Throwable cause) {
            this(new HealFailedException(message, cause));
        }

        /** True when it failed for a reason of the moment (see {@link io.schemaheal.dialect.DatabaseErrors#momentary}), not of the script. */
        public boolean momentary(Dialect dialect) {
            return exception.getCause() instanceof SQLException cause && dialect.errors().momentary(cause);
        }
    }

    /** The result of a heal that may have failed: {@code e} as it was thrown inside the heal. */
    static HealResult of(HealFailedException e) {
        return e.reason() == null ? new Failed(e) : new Refused(e);
    }
}
