package io.schemaheal.heal;

import io.schemaheal.dialect.Deadline;
import io.schemaheal.config.HealSettings;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.HealTransaction;
import io.schemaheal.dialect.ScratchReplay;
import io.schemaheal.log.HealLog;
import io.schemaheal.log.Redact;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.ObjectName;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One heal of one database, as a template: take the in-process and the database's heal lock (bounded by
 * {@code schemaheal.lock-timeout}), open the heal's transaction in the schema it heals, make the plan
 * from the live catalog under the lock, have a {@link PlanExecutor} apply what {@link HealRules} allows, check that
 * the heal did what it was for, record the history rows and log the line ({@link HealOutcome}). Run-time heals and
 * {@code doctor --fix} both run here.
 */
final class HealRun {

    private static final HealLog LOG = HealLog.get();
    private static final String PLAN_SAVEPOINT = "schemaheal_plan";

    /** Makes the plan under the lock, from the live catalog; null when there is nothing left to do. */
    @FunctionalInterface
    interface PlanFactory {
        HealPlan make(HealScope scope) throws SQLException;
    }

    /** Whether the heal achieved what it was for (the relation or column is there now). */
    @FunctionalInterface
    interface Goal {
        /** Completing what exists ({@code doctor --fix}): whatever the rules allow is the whole of it. */
        Goal NONE = scope -> false;

        boolean reached(HealScope scope) throws SQLException;
    }

    private final Dialect dialect;
    private final MigrationManifest manifest;
    private final HealRules rules;
    private final HealSettings settings;
    private final HealConnections connections;
    private final String databaseKey;
    private final HealHistory.Names history;
    private final ForeignKeysLater later;

    HealRun(Dialect dialect, MigrationManifest manifest, HealRules rules, HealSettings settings,
            HealConnections connections, String databaseKey, HealHistory.Names history) {
        this.dialect = dialect;
        this.manifest = manifest;
        this.rules = rules;
        this.settings = settings;
        this.connections = connections;
        this.databaseKey = databaseKey;
        this.history = history;
        this.later = new ForeignKeysLater(dialect, connections);
    }

    /** The foreign keys the heals since the last call set aside until the application's transaction ends. */
    List<ForeignKeysLater.SetAside> setAside() {
        return later.take();
    }

    /** Adds the foreign keys of {@code table} (a key) that a heal set aside, and checks its rows against them. */
    HealResult addSetAside(String table, String schema, List<EndState.ForeignKeyTo> keys) {
        return run(table, schema, scope -> HealPlan.foreignKeys(table, keys), Goal.NONE);
    }

    /** The same heal, for right after the application's transaction ended: see {@link HealConnections#betweenTransactions}. */
    HealRun betweenTransactions() {
        return new HealRun(dialect, manifest, rules, settings, connections.betweenTransactions(), databaseKey, history);
    }

    /**
     * Heals under the locks what {@code factory} plans, in {@code schema}. {@link HealListeners} are told of each table
     * healed, of a refusal, and of a failure, which is also logged.
     */
    HealResult run(String target, String schema, PlanFactory factory, Goal goal) {
        long started = System.nanoTime();
        HealResult result = attempt(target, schema, factory, goal);
        if (result instanceof HealResult.Failed || result instanceof HealResult.Refused r && r.reason() != HealReason.UNDONE) {
            // the application gets the reason with its exception; the operator reads it here (an undone heal is logged
            // where it is undone, with what its history row says)
            LOG.warn("could not heal {}: {}", HealPlan.display(target), result.exception().getMessage());
            HealHistory.Outcome outcome = result instanceof HealResult.Failed ? HealHistory.Outcome.FAILED
                    : HealHistory.Outcome.REFUSED;
            HealListeners.tell(HealPlan.display(target), outcome.tag(), Duration.ofNanos(System.nanoTime() - started));
        }
        return result;
    }

    private HealResult attempt(String target, String schema, PlanFactory factory, Goal goal) {
        if (connections.separate() == null && needsSeparate()) {
            return HealReason.NO_CONNECTION_OF_ITS_OWN.of(HealPlan.display(target));
        }
        long started = System.nanoTime();
        Deadline deadline = Deadline.in(settings.lockTimeout());
        if (!dialect.inProcessHealLock() && appMayHoldLocks()) {
            return locked(target, schema, started, deadline, factory, goal);
        }
        ReentrantLock lock = HealLocks.of(databaseKey);
        try {
            if (!lock.tryLock(settings.lockTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return new HealResult.Failed("SchemaHeal did not acquire the in-process heal lock for " + databaseKey
                        + " within " + settings.lockTimeout().toMillis() + " ms (schemaheal.lock-timeout); "
                        + "another thread is still healing this database");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealResult.Failed("interrupted while waiting for the heal lock", e);
        }
        try {
            return locked(target, schema, started, deadline, factory, goal);
        } finally {
            lock.unlock();
        }
    }

    private boolean appMayHoldLocks() {
        try {
            return connections.appMayHoldLocks();
        } catch (SQLException e) {
            return true;
        }
    }

    private boolean needsSeparate() {
        try {
            return dialect.transactions().healsOnSeparateConnection(connections);
        } catch (SQLException e) {
            return true; // cannot tell whether the application is in a transaction: do not touch its connection
        }
    }

    private HealResult locked(String target, String schema, long started, Deadline deadline,
                              PlanFactory factory, Goal goal) {
        HealScope scope = null;
        try (HealTransaction tx = begin(deadline, schema)) {
            scope = new HealScope(tx.connection(), dialect, manifest, schema);
            HealPlan plan = factory.make(scope);
            if (plan == null) {
                tx.commit();
                return HealResult.HEALED;
            }
            if (plan.notHealable() != null) {
                return HealReason.NOT_HEALABLE.of(target, plan.notHealable());
            }
            Set<String> relations = new LinkedHashSet<>(plan.relations());
            relations.add(HealPlan.isColumn(target) ? HealPlan.tableOf(target) : target);
            String builtAtRunTime = null;
            for (String relation : relations) {
                // a relation the scripts do not say for certain: unreadable, two owners, two names
                String unknown = manifest.notInTheText(relation);
                String split = manifest.twoNames(relation, schema);
                String built = unknown == null && split == null ? manifest.builtAtRunTime(relation) : null;
                String needs = relation.equals(target) ? "" : "it needs " + relation + ", and ";
                if (unknown != null || split != null) {
                    return HealReason.NOT_KNOWN.of(HealPlan.display(target), needs + (unknown != null ? unknown : split));
                }
                builtAtRunTime = builtAtRunTime == null && built != null ? needs + built : builtAtRunTime;
            }
            List<String> flyway = VersionTable.flywayTables(scope.connection(), dialect);
            String newer = newerRelease(scope, flyway);
            if (newer != null) {
                return HealReason.NEWER_RELEASE.of(target, newer);
            }
            String code = FlywayCode.read(scope.connection(), dialect, manifest, flyway).refusal(manifest, relations);
            if (code != null) {
                return HealReason.NOT_KNOWN.of(HealPlan.display(target), code);
            }
            ReplayedPlan.Result replayed;
            try {
                replayed = ReplayedPlan.ifBuiltAtRunTime(plan, builtAtRunTime, dialect, manifest, settings, connections,
                        scope, deadline);
            } catch (ScratchReplay.Refused why) {
                return HealReason.NOT_KNOWN.of(HealPlan.display(target), why.getMessage());
            }
            plan = replayed.plan();
            Map<String, ScratchReplay.Relation> replays = replayed.relations();
            if (settings.checksums() != null) {
                ChecksumPins.load(settings.checksums()).verify(new ArrayList<>(plan.migrations()));
            }
            HealOutcome outcome = new HealOutcome(plan, scope.created());
            outcome.replayed(replays.keySet(), replayed.checksOnly());
            PlanExecutor executor;
            List<HealHistory.Row> rows;
            try (Statement st = tx.connection().createStatement()) {
                st.execute(dialect.ddl().createHistoryTable(history.table()));
                boolean withReason = HealHistory.reasonColumn(tx.connection(), dialect, history, databaseKey);
                if (dialect.transactionalDdl()) {
                    st.execute("SAVEPOINT " + PLAN_SAVEPOINT);
                } else if (scope.marker() == null) {
                    // DDL commits as it goes: should this heal be cut off, the next connection completes it from here
                    st.execute(dialect.ddl().createHealJournal(history.journal()));
                    scope.mark(HealMarker.start(tx.connection(), history, databaseKey, plan, schema));
                }
                // from here on the database says what the heal changed of what exists now (begun inside the plan's
                // savepoint, so that rolling back to it takes whatever the watch set up with it)
                scope.watch(dialect.transactions().watch(tx.connection(), history.table(), deadline));
                executor = new PlanExecutor(dialect, manifest, rules, settings, later, tx, st, plan, scope, outcome);
                executor.apply();
                // a change a statement that only defined something new made cannot be laid to it alone: all of it goes
                String late = scope.watch().changedCatalog();
                scope.endWatch();
                String why = late != null ? PlanExecutor.CHANGED + late : goal != Goal.NONE && !goal.reached(scope)
                        ? outcome.skippedReasons() : replayed.otherwise(dialect, scope, outcome);
                if (why != null) {
                    // what the rules allowed does not make the target, or the database refused it: leave nothing behind
                    if (dialect.transactionalDdl()) {
                        st.execute("ROLLBACK TO SAVEPOINT " + PLAN_SAVEPOINT);
                    }
                    later.forget();
                    HealHistory.insert(tx.connection(), history.table(), outcome.refusal(target, elapsed(started), why,
                            withReason ? outcome.undone(late != null) : null));
                    finished(scope);
                    tx.commit();
                    LOG.warn("did not heal {}: {}", target, why);
                    HealListeners.tell(HealPlan.display(target), HealHistory.Outcome.REFUSED.tag(), Duration.ofMillis(elapsed(started)));
                    return HealReason.UNDONE.of(target, why);
                }
                if (dialect.transactionalDdl()) {
                    st.execute("RELEASE SAVEPOINT " + PLAN_SAVEPOINT);
                }
                EndStateCheck.compareCreated(scope, dialect, st, outcome, later::isSetAside, replays);
                rows = outcome.rows(elapsed(started));
                for (HealHistory.Row row : rows) {
                    HealHistory.insert(tx.connection(), history.table(), withReason ? row : row.withoutReason());
                }
                finished(scope);
            } catch (HealFailedException e) {
                scope.endWatch();
                tx.rollback();
                later.forget();
                cutOff(scope, new HealResult.Failed(e));
                if (dialect.transactionalDdl() && goal.reached(scope)) {
                    // nothing of this heal is left, yet the relation is there: another session created it meanwhile
                    // (its CREATE committed while ours waited for it), so the statement can run again
                    return HealResult.HEALED;
                }
                return HealResult.of(e);
            }
            tx.commit();
            for (HealHistory.Row row : rows) {
                HealListeners.tell(row.table(), row.outcome().tag(), Duration.ofMillis(row.durationMs()));
            }
            executor.applyDeferred(deadline);
            if (outcome.applied() > 0) {
                LOG.warn("{} {}{}: applied {} ({} statement{}, {} skipped) in {} ms{}",
                        scope.resumed() ? "completed the interrupted heal of" : HealPlan.isColumn(target)
                                ? "healed missing column" : outcome.created().contains(target)
                                ? "healed missing table" : "completed table", HealPlan.display(target),
                        outcome.alsoCreated(target), HealOutcome.files(plan.migrations()), outcome.applied(),
                        outcome.applied() == 1 ? "" : "s", outcome.skipped(),
                        elapsed(started), outcome.replayedNote() + outcome.skippedNote() + outcome.differsNote());
            }
            later.said();
            return HealResult.HEALED;
        } catch (HealFailedException e) {
            return HealResult.of(e);
        } catch (SQLException e) {
            later.forget();
            if (scope != null) {
                scope.endWatch();
            }
            HealFailedException failed = new HealFailedException("SchemaHeal could not heal " + HealPlan.display(target)
                    + ": " + Redact.databaseMessage(e.getMessage()), e);
            HealResult.Failed result = new HealResult.Failed(failed);
            cutOff(scope, result);
            return result;
        }
    }

    /**
     * Why the database is not this application's to heal: its version table records a version newer than every
     * migration the application has (a rolled-back deploy, the old color of a blue/green), so a heal would build an
     * older shape next to the newer release's data. Null when it does not.
     */
    private String newerRelease(HealScope scope, List<String> flywayTables) throws SQLException {
        VersionTable.Ahead ahead = VersionTable.find(scope.connection(), dialect).newerRelease(scope.connection(), dialect,
                manifest, flywayTables);
        return ahead == null ? null : "its version table " + ahead.table() + " records version " + ahead.version()
                + ", newer than the newest migration this application has: the database belongs to a newer release, "
                + "and a heal would build an older shape next to its data";
    }

    private static void finished(HealScope scope) throws SQLException {
        if (scope.marker() == null) {
            return;
        }
        if (scope.lost().isEmpty()) {
            scope.marker().finished(scope.connection());
        } else {
            // the interrupted heal's own record stays, saying what became of what it made
            scope.marker().undone(scope.connection(), String.join(", ", scope.lost()) + " was created, but was gone "
                    + "again before the heal was done (dropped by another session meanwhile); the rest was completed");
        }
    }

    /**
     * A heal that stopped halfway where DDL is not transactional. Cut off by the moment (the connection
     * died, a lock was not granted in time, a deadlock), its marker stays {@code started} for the next
     * connection to complete; stopped by the script or the account (a broken statement, a missing right),
     * it is marked {@code failed}, which {@code doctor --fix} completes.
     */
    private void cutOff(HealScope scope, HealResult.Failed failed) {
        if (scope == null || scope.marker() == null) {
            return;
        }
        HealFailedException why = failed.exception();
        ObjectName gone = why.getCause() instanceof SQLException cause ? dialect.errors().missingRelation(cause, null) : null;
        if (gone != null && scope.created(gone.bareKey())) {
            scope.marker().undone(scope.connection(), gone.bareKey() + " was created, but was gone again before the heal was "
                    + "done (dropped by another session meanwhile): " + why.getMessage());
            return;
        }
        boolean alive = HealMarker.alive(scope.connection());
        if (!failed.momentary(dialect) && alive) {
            scope.marker().failed(scope.connection(), why.getMessage());
        } else if (!alive || !scope.marker().abandonedUntouched(scope.connection())) {
            HealMarker.lookAgain(databaseKey);
        }
    }

    private static long elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    private HealTransaction begin(Deadline deadline, String schema) throws HealFailedException {
        try {
            return dialect.transactions().begin(connections, history.table(), deadline, schema);
        } catch (SQLException e) {
            throw new HealFailedException("SchemaHeal could not start the heal of " + databaseKey + ": "
                    + e.getMessage(), e);
        }
    }
}
