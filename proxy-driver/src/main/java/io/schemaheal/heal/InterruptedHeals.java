package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.log.HealLog;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where DDL is not transactional (MariaDB), the heals whose connection died halfway: their {@code started} history
 * rows say what they had applied, and the rest is planned and applied again under the heal lock, each statement
 * judged again; what the interrupted heal created counts as created by this one.
 */
final class InterruptedHeals {

    private static final HealLog LOG = HealLog.get();

    private final Dialect dialect;
    private final MigrationManifest manifest;
    private final HealPlanner planner;
    private final String databaseKey;
    private final HealHistory.Names history;

    InterruptedHeals(Dialect dialect, MigrationManifest manifest, HealPlanner planner, String databaseKey,
                     HealHistory.Names history) {
        this.dialect = dialect;
        this.manifest = manifest;
        this.planner = planner;
        this.databaseKey = databaseKey;
        this.history = history;
    }

    /**
     * Completes the heals that were cut off and, with {@code alsoFailed}, those that stopped at a failing statement,
     * when {@code connection} can (not in a transaction, not read-only); otherwise the next connection looks.
     */
    void complete(Connection connection, HealRun run, boolean alsoFailed) {
        List<HealMarker.Open> open;
        try {
            if (dialect.transactions().inTransaction(connection) || dialect.transactions().readOnly(connection)) {
                HealMarker.lookAgain(databaseKey); // not now: the next connection that can looks
                return;
            }
            if (!HealHistory.exists(connection, dialect, history.setting())) {
                return; // nothing was ever healed here
            }
            open = HealMarker.open(connection, dialect, history, alsoFailed);
        } catch (SQLException e) {
            HealMarker.lookAgain(databaseKey);
            LOG.warn("could not look for unfinished heals in {}: {}", history.table(), e.getMessage());
            return;
        }
        for (HealMarker.Open o : open) {
            run.run(o.target(), o.schema(), scope -> resumed(scope, o.id()), HealRun.Goal.NONE); // a failure is logged there
        }
    }

    /** The rest of an interrupted heal, planned under the lock: what it created, less the statements that ran. */
    private HealPlan resumed(HealScope scope, long markerId) throws SQLException {
        HealMarker.Open o = HealMarker.reread(scope.connection(), history, markerId);
        if (o == null) {
            return null; // completed meanwhile by another process
        }
        // only what is still the interrupted heal's own: a table dropped since, or dropped and made again by
        // another heal, is not (its creation time tells)
        Set<String> ours = new LinkedHashSet<>();
        Set<String> lost = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : o.created().entrySet()) {
            ObjectName name = manifest.name(e.getKey()).inSchema(scope.schema());
            boolean same = scope.relationExists(e.getKey())
                    && e.getValue().equals(String.valueOf(dialect.catalog().incarnation(scope.connection(), name)));
            (same ? ours : lost).add(e.getKey());
        }
        scope.resume(HealMarker.resume(history, databaseKey, o), ours, lost);
        TreeMap<Integer, HealPlan.Step> steps = new TreeMap<>();
        for (String relation : ours) {
            HealPlan plan = planner.plan(relation, name -> !ours.contains(name.key())
                    && scope.exists(ObjectType.RELATION, name));
            for (HealPlan.Step step : plan.steps()) {
                if (!o.done(step.entry().where())) {
                    steps.putIfAbsent(step.entry().seq(), step);
                }
            }
        }
        String target = ours.isEmpty() ? o.target() : ours.iterator().next();
        return new HealPlan(target, new ArrayList<>(steps.values()), ours, null);
    }
}
