package io.schemaheal.heal;

import io.schemaheal.dialect.MissingColumn;
import io.schemaheal.sql.ObjectName;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * One application call's healing, across its runs: which tables and columns it healed, and its original exception.
 * {@link #afterFailure} is one step of the retry loop that the proxy driver runs around the call
 * ({@link Healer#recover}) and that the agent's advice runs by repeating the driver's method.
 */
public final class HealAttempt {

    /** At most this many relations are healed for one call; a statement naming more is rethrown. */
    static final int MAX_RELATIONS_PER_CALL = 8;

    /** What comes after a failure: the call runs again, or an exception goes to the application. */
    public sealed interface Next {
        /** What the call was missing is there now: run it again. */
        Next RETRY = new Retry();

        record Retry() implements Next {
        }

        /**
         * The application's exception, to throw: the failure itself, or the call's original exception, with why
         * SchemaHeal did not heal (or could not help) suppressed on it where there is a reason to give.
         */
        record Rethrow(SQLException exception) implements Next {
        }
    }

    private final Healer healer;
    private final SQLException original;
    private boolean canRetry;
    /** False for the agent's attempts, which run statements without guard savepoints. */
    private final boolean underGuard;
    /**
     * The call ran unguarded as the first statement of the application's transaction: its failure aborted a transaction
     * in which the application had done nothing yet, which may be rolled back so that the call heals and runs again.
     */
    private final boolean beganTransaction;
    private boolean restarted;
    private final Set<String> healed = new HashSet<>();

    HealAttempt(Healer healer, SQLException original, boolean canRetry, boolean underGuard, boolean beganTransaction) {
        this.healer = healer;
        this.original = original;
        this.canRetry = canRetry;
        this.underGuard = underGuard;
        this.beganTransaction = beganTransaction;
    }

    /** Whether this attempt has healed anything yet. */
    boolean healedAnything() {
        return !healed.isEmpty();
    }

    /** Called with the latest failure of the call: heals what it says is missing, and says what comes next. */
    public Next afterFailure(SQLException failure, String sql) {
        if (HealFailedException.isHandled(failure)) {
            return rethrow(failure);
        }
        if (!healed.isEmpty() && healer.dialect().errors().snapshotPredatesHeal(failure)) {
            original.addSuppressed(new HealFailedException("SchemaHeal healed " + HealPlan.display(String.join(", ", healed))
                    + ", but this transaction's snapshot is older than the heal, so the statement cannot see it; "
                    + "roll back and run the transaction again", failure));
            return rethrow(original);
        }
        MissingObjects missing = healer.missing();
        ObjectName relation = missing.relation(failure, sql);
        if (!canRetry) {
            if (!beganTransaction || !missing.ours(failure, sql, relation) || !healer.restartTransaction(failure)) {
                return rethrow(aborted(failure, sql, relation));
            }
            canRetry = true;
            restarted = true;
        }
        String key;
        String column = null;
        MissingObjects.Target target = null;
        if (relation != null) {
            try {
                target = missing.target(relation);
            } catch (SQLException e) {
                failure.addSuppressed(new HealFailedException("SchemaHeal could not tell which schema the statement "
                        + "looked in for " + relation + ", so it did not heal it: " + e.getMessage(), e));
                return rethrow(failure);
            }
            if (target == null) {
                String unknown = missing.unreadableNaming(relation);
                if (unknown != null) {
                    failure.addSuppressed(HealReason.NOT_KNOWN.of(relation.toString(), unknown).exception());
                }
                return rethrow(failure);
            }
            key = target.key();
        } else {
            MissingColumn mc = missing.column(failure, sql);
            MissingObjects.Target table;
            try {
                table = mc == null ? null : missing.tableOf(mc, sql);
            } catch (SQLException e) {
                failure.addSuppressed(new HealFailedException("SchemaHeal could not tell which schema the statement "
                        + "looked in for column " + mc.column() + ", so it did not heal it: " + e.getMessage(), e));
                return rethrow(failure);
            }
            if (table == null) {
                return rethrow(failure); // not a missing column, or one whose table is unknown or ambiguous: no guessing
            }
            column = mc.column();
            target = table;
            key = HealPlan.columnTarget(table.key(), column.toLowerCase(Locale.ROOT));
            if (missing.columnIsThere(table, column)) {
                return rethrow(failure); // an error about a column that exists (an FTS query's "no such column") is not ours
            }
        }
        String display = HealPlan.display(key);
        if (healed.contains(key)) {
            original.addSuppressed(new HealFailedException("SchemaHeal healed " + display
                    + " but the statement still reports it missing; not retrying again", failure));
            return rethrow(original);
        }
        if (healed.size() >= MAX_RELATIONS_PER_CALL) {
            failure.addSuppressed(new HealFailedException("SchemaHeal healed " + healed.size()
                    + " tables for this statement, the most it heals for one call; not healing " + display));
            return rethrow(failure);
        }
        if (healer.reportsOnly()) {
            healer.heals().report(key, column != null);
            return rethrow(failure);
        }
        HealResult.Refused refused = healer.refusal(key, target.schema());
        if (refused != null) {
            failure.addSuppressed(refused.exception());
            return rethrow(failure);
        }
        MissingObjects.Target t = target;
        String c = column;
        Function<HealRun, HealResult> heal = column == null ? run -> healer.heals().healRelation(run, t)
                : run -> healer.heals().healColumn(run, t, c);
        HealResult result = healer.heal(key, target.schema(), heal);
        if (!(result instanceof HealResult.Healed)) {
            failure.addSuppressed(result.exception());
            return rethrow(failure);
        }
        healed.add(key);
        if (!healer.dialect().errors().failedCallLeftNothing(sql)) {
            original.addSuppressed(new HealFailedException("SchemaHeal healed " + display + ", but did not run the "
                    + "statement again: it is a procedure call or several statements, and what ran before the failure "
                    + "may have taken effect already; run it again if it should be"));
            return rethrow(original);
        }
        return Next.RETRY;
    }

    private Next rethrow(SQLException e) {
        if (restarted) {
            restarted = false;
            e.addSuppressed(new HealFailedException("SchemaHeal rolled back the transaction this statement had begun "
                    + "(the application had run nothing else in it), to heal and run the statement again in a new one"));
        }
        return new Next.Rethrow(e);
    }

    /**
     * The failure has aborted the application's transaction (PostgreSQL, a statement that ran without a
     * guard savepoint): nothing can be asked of the session any more, not even where it looked, so there is
     * no heal now. The statement loses its known-good standing: in the next transaction it runs under a
     * guard again, and heals there.
     */
    private SQLException aborted(SQLException failure, String sql, ObjectName missing) {
        if (healer.missing().ours(failure, sql, missing)) {
            healer.forgetGuard(sql);
            failure.addSuppressed(new HealFailedException("SchemaHeal did not heal " + (missing != null ? missing
                    : "the missing column") + ": the error had already aborted this transaction (the statement ran "
                    + "without a savepoint: its SQL had run before without failing" + (underGuard ? "" : ", or it is a batch")
                    + "); roll back and run the transaction again: the statement then runs under a savepoint and heals"
                    + (underGuard ? "" : " (a batch heals outside a transaction)")));
        }
        return failure;
    }
}
