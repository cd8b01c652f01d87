package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.log.HealLog;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.StatementKind;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The heals one connection's {@link Healer} makes, each run by a {@link HealRun}: a missing relation with what it
 * needs, a missing column with what involves it, a relation brought to its end state ({@code doctor --fix}), and what
 * {@code schemaheal.mode=report} says instead of healing.
 */
final class Heals {

    private static final HealLog LOG = HealLog.get();
    /** Per database: the tables {@code schemaheal.mode=report} has spoken of, each once. */
    private static final class Reported {
        final Set<String> tables = ConcurrentHashMap.newKeySet();
    }

    private final Dialect dialect;
    private final MigrationManifest manifest;
    private final HealPlanner planner;
    private final Connection connection;
    private final HealRun run;
    private final String databaseKey;
    /** What backs off together with a heal of a table (second) in a schema (first): a heal that succeeded clears it. */
    private final BiFunction<String, String, HealBackoff.Held> held;

    Heals(Dialect dialect, MigrationManifest manifest, HealPlanner planner, Connection connection, HealRun run,
          String databaseKey, BiFunction<String, String, HealBackoff.Held> held) {
        this.dialect = dialect;
        this.manifest = manifest;
        this.planner = planner;
        this.connection = connection;
        this.run = run;
        this.databaseKey = databaseKey;
        this.held = held;
    }

    /** Creates a missing relation in {@code target}'s schema, with what it needs. */
    HealResult healRelation(HealRun run, MissingObjects.Target target) {
        return run.run(target.key(), target.schema(), scope -> scope.relationExists(target.key())
                        ? null // healed meanwhile by another thread or process
                        : planner.plan(target.key(), name -> scope.exists(ObjectType.RELATION, name)),
                scope -> scope.relationExists(target.key()));
    }

    /**
     * Adds one missing column, as its migration defines it, and the end state's indexes, triggers and
     * constraints that involve it ({@link HealPlanner#columnPlan}), under the same lock, rules and history as a table.
     */
    HealResult healColumn(HealRun run, MissingObjects.Target target, String column) {
        String table = target.key();
        HealPlanner.ColumnPlan plan = planner.columnPlan(table, column, dialect);
        if (plan == null) {
            return HealReason.NOT_IN_MIGRATIONS.of(table + "." + column);
        }
        String schema = target.schema();
        ObjectName tableName = plan.table();
        return run.run(plan.plan().target(), schema, scope -> {
            if (!scope.exists(ObjectType.RELATION, tableName)) {
                return HealPlan.notHealable(table, "the table itself is missing");
            }
            return scope.columnExists(tableName, column) ? null : plan.plan();
        }, scope -> scope.columnExists(tableName, column));
    }

    /**
     * Brings one relation to its end state, as {@code doctor --fix} does: creates it when it is missing,
     * otherwise adds whatever of it is missing (columns, indexes, triggers), each statement judged by
     * {@link HealRules}, under the same locks and history as a run-time heal.
     */
    HealResult healOrComplete(String key) {
        try {
            String schema = dialect.catalog().currentSchema(connection);
            HealResult result = run.run(key, schema,
                    scope -> planner.plan(key, name -> scope.exists(ObjectType.RELATION, name)), HealRun.Goal.NONE);
            // a column its CREATE TABLE declares (a schema dump declares them all) comes back as a run-time heal adds it
            LiveCatalog live = new LiveCatalog(connection, dialect, manifest, schema);
            for (String column : createdColumns(key)) {
                if (!(result instanceof HealResult.Healed) || !live.relationExists(key)) {
                    break;
                }
                if (!live.columnExists(manifest.name(key), column) && planner.columnPlan(key, column, dialect) != null) {
                    result = healColumn(run, new MissingObjects.Target(key, schema), column);
                }
            }
            if (result instanceof HealResult.Healed) {
                HealBackoff.succeeded(databaseKey, held.apply(schema, key));
            }
            return result;
        } catch (SQLException e) {
            return new HealResult.Failed("SchemaHeal could not read the connection's schema: " + e.getMessage(), e);
        }
    }

    /** The columns the CREATE TABLE of {@code key}'s end state declares. */
    private List<String> createdColumns(String key) {
        for (MigrationManifest.Entry e : planner.endState().entries()) {
            SqlStatement s = e.statement();
            if (s.kind() == StatementKind.CREATE_TABLE && s.object() != null && s.object().key().equals(key)) {
                return StatementClassifier.columnsOf(s);
            }
        }
        return List.of();
    }

    /** The plan for a relation, checked against the live catalog of {@code c}. */
    HealPlan plan(String relationKey, Connection c) throws SQLException {
        LiveCatalog live = LiveCatalog.of(c, dialect, manifest);
        return planner.plan(relationKey, name -> live.exists(ObjectType.RELATION, name));
    }

    /** {@code schemaheal.mode=report}: says once per database what a heal of {@code key} would do, and does nothing. */
    void report(String key, boolean column) {
        if (!io.schemaheal.registry.Registry.ofDatabase(databaseKey, Reported.class, Reported::new).tables.add(key)) {
            return;
        }
        String display = HealPlan.display(key);
        HealListeners.tell(display, "reported", Duration.ZERO);
        if (column) {
            LOG.warn("would heal missing column {} [schemaheal.mode=report]", display);
            return;
        }
        HealPlan plan;
        try {
            plan = plan(key, connection);
        } catch (SQLException e) {
            LOG.warn("would heal missing table {}, but could not plan it: {} [schemaheal.mode=report]", key, e.getMessage());
            return;
        }
        if (plan.notHealable() != null) {
            LOG.warn("would not heal missing table {}: {} [schemaheal.mode=report]", key, plan.notHealable());
        } else {
            LOG.warn("would heal missing table {}: would apply {} ({} statements) [schemaheal.mode=report]", key,
                    HealOutcome.files(plan.migrations()), plan.steps().size());
        }
    }
}
