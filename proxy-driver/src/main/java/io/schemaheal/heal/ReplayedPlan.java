package io.schemaheal.heal;

import io.schemaheal.dialect.Deadline;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.ScratchReplay;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.MigrationManifest.Entry;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.StatementClassifier;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan of a heal whose relations' history passes through SQL built at run time: the whole set is replayed in
 * scratch ({@link ScratchReplay}). Where the database makes tables from its replay (MariaDB), each relation is made as
 * the replay made it (its {@code CREATE TABLE}, rows and triggers, each step credited to the migration that first
 * creates it); where it only checks (PostgreSQL), the plan is the scripts' text, and a relation it makes otherwise than
 * the replay undoes the heal ({@link Result#otherwise}). After the heal, each is compared with the replay's: the
 * database says both, no reading of the scripts.
 */
final class ReplayedPlan {

    /**
     * The plan, and what the replay made of each of its relations (by key).
     *
     * @param checksOnly the plan is the scripts' text, and the replay only checks it ({@link ScratchReplay#makesTables})
     */
    record Result(HealPlan plan, Map<String, ScratchReplay.Relation> relations, boolean checksOnly) {

        /**
         * Why a heal that checks against the replay is undone, or null: a relation it made has another shape than the
         * replay gave it (said in {@code outcome}, whose reason is then {@code DIFFERS}).
         */
        String otherwise(Dialect dialect, HealScope scope, HealOutcome outcome) throws SQLException {
            if (!checksOnly) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, ScratchReplay.Relation> r : relations.entrySet()) {
                List<String> differences = outcome.created().contains(r.getKey())
                        ? differences(dialect, scope, r.getKey(), r.getValue()) : List.of();
                if (!differences.isEmpty()) {
                    out.add(HealPlan.display(r.getKey()) + " (" + String.join(", ", differences) + ")");
                }
            }
            if (out.isEmpty()) {
                return null;
            }
            outcome.notAsReplayed();
            return "the scripts' text does not make what a replay of the set on a scratch schema makes of "
                    + String.join("; ", out);
        }
    }

    private ReplayedPlan() {
    }

    /**
     * The plan to run: {@code plan} itself where {@code builtAtRunTime} is null (no relation of it passes through SQL
     * built at run time), else the plan a replay of the whole set says. Refused, saying why, where the database does not
     * replay ({@link Dialect#scratch}), for a column, where {@code schemaheal.checksums} does not pin every script (the
     * replay runs them all), or where the replay may not run or did not finish.
     */
    static Result ifBuiltAtRunTime(HealPlan plan, String builtAtRunTime, Dialect dialect, MigrationManifest manifest,
                                     io.schemaheal.config.HealSettings settings, HealConnections connections,
                                     HealScope scope, Deadline deadline) throws SQLException, ScratchReplay.Refused {
        if (builtAtRunTime == null) {
            return new Result(plan, Map.of(), false);
        }
        if (dialect.scratch() == null || HealPlan.isColumn(plan.target())) {
            throw new ScratchReplay.Refused(builtAtRunTime);
        }
        if (settings.checksums() != null) {
            ChecksumPins.load(settings.checksums()).verify(manifest.migrations());
        }
        try {
            return make(plan, dialect, manifest, connections, scope, deadline);
        } catch (ScratchReplay.Refused why) {
            throw new ScratchReplay.Refused(builtAtRunTime + "; " + why.getMessage());
        } catch (RuntimeException bug) {
            // a defect of the replay never reaches the application as anything but its own exception, with this reason
            io.schemaheal.log.HealLog.get().warn("the replay on a scratch database failed: {}", bug.toString());
            throw new ScratchReplay.Refused(builtAtRunTime + "; the replay on a scratch database failed (" + bug + ")");
        }
    }

    /** The schema the heal runs in: the one it was given, else the connection's own. */
    private static String schema(Dialect dialect, HealScope scope) throws SQLException {
        return scope.schema != null ? scope.schema : dialect.catalog().currentSchema(scope.connection());
    }

    private static Result make(HealPlan plan, Dialect dialect, MigrationManifest manifest, HealConnections connections,
                                 HealScope scope, Deadline deadline) throws SQLException, ScratchReplay.Refused {
        List<String> order = new ArrayList<>();
        List<String> resumed = new ArrayList<>();
        for (String key : plan.relations()) {
            if (!scope.relationExists(key)) {
                order.add(key); // one the plan only needs (a trigger's table) is there: the heal leaves it as it is
            } else if (scope.created(key)) {
                // an interrupted heal made it: what it did not get to is not guessed at, and the comparison says it
                resumed.add(key);
            }
        }
        order.sort(Comparator.comparingInt(k -> manifest.creation(k) == null ? Integer.MAX_VALUE : manifest.creation(k).seq()));
        List<ObjectName> names = new ArrayList<>();
        for (String key : order) {
            if (manifest.creation(key) == null) {
                throw new ScratchReplay.Refused("no statement of the migrations creates " + key);
            }
            names.add(manifest.name(key));
        }
        Map<String, ScratchReplay.Relation> made = replayed(dialect, manifest, connections, scope, deadline);
        Map<String, ScratchReplay.Relation> byKey = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            ScratchReplay.Relation r = made.get(names.get(i).name().toLowerCase(java.util.Locale.ROOT));
            if (r == null) {
                throw new ScratchReplay.Refused("replaying the migrations in scratch did not make " + order.get(i));
            }
            byKey.put(order.get(i), r);
        }
        if (!dialect.scratch().makesTables()) {
            return new Result(plan, byKey, true); // the text's plan, checked against the replay's shapes
        }
        List<HealPlan.Step> steps = new ArrayList<>();
        for (String key : order) {
            ScratchReplay.Relation r = byKey.get(key);
            Entry creation = manifest.creation(key);
            List<String> texts = new ArrayList<>(List.of(r.create()));
            texts.addAll(r.rows()); // before its triggers: the replay's rows fired them there already
            texts.addAll(r.triggers().values());
            for (String text : texts) {
                steps.add(new HealPlan.Step(new Entry(creation.seq(), creation.migration(),
                        StatementClassifier.classifyWritten(text, creation.statement().line(), dialect.flavor())), key));
            }
        }
        for (String key : resumed) {
            ScratchReplay.Relation r = made.get(manifest.name(key).name().toLowerCase(java.util.Locale.ROOT));
            if (r != null) {
                byKey.put(key, r);
            }
        }
        order.addAll(resumed);
        return new Result(new HealPlan(plan.target(), steps, new java.util.LinkedHashSet<>(order), null, plan.foreignKeys()),
                byKey, false);
    }

    /** What replays of one set made, by the server and schema they were for (see {@link #replayed}). */
    private static final class Replays {
        final Map<String, Map<String, ScratchReplay.Relation>> bySchema = new java.util.concurrent.ConcurrentHashMap<>();
    }

    /**
     * What a replay of the whole set on a scratch database makes of every table. A set replays the same on one server
     * every time, so the first replay for a server and schema serves the heals after it (a set of 87 tables replays once,
     * not 87 times); a replay refused is not kept, and is tried again by the next heal.
     */
    private static Map<String, ScratchReplay.Relation> replayed(Dialect dialect, MigrationManifest manifest,
                                                               HealConnections connections, HealScope scope, Deadline deadline)
            throws SQLException, ScratchReplay.Refused {
        String schema = schema(dialect, scope);
        String key = scope.connection().getMetaData().getURL() + " " + schema;
        Replays replays = manifest.derived(Replays.class, m -> new Replays());
        Map<String, ScratchReplay.Relation> kept = replays.bySchema.get(key);
        if (kept != null) {
            return kept;
        }
        List<ScratchReplay.Replayed> statements = new ArrayList<>();
        for (io.schemaheal.manifest.Migration m : manifest.migrations()) {
            for (io.schemaheal.sql.SqlStatement s : m.run()) {
                statements.add(new ScratchReplay.Replayed(m.fileName() + ":" + s.line(), s));
            }
        }
        if (connections.separate() == null) {
            // the agent on a connection it saw no login of, without schemaheal.heal-user: no second connection to replay on
            throw new ScratchReplay.Refused("the replay needs a connection of its own, and none can be opened here (set "
                    + "schemaheal.heal-user and schemaheal.heal-password)");
        }
        Map<String, ScratchReplay.Relation> made;
        try (java.sql.Connection replay = connections.openSeparate(deadline)) {
            made = Map.copyOf(dialect.scratch().replay(scope.connection(), replay, schema, statements, deadline));
        } catch (SQLException e) {
            throw new ScratchReplay.Refused("the replay on a scratch database could not be made ("
                    + io.schemaheal.log.Redact.databaseMessage(e.getMessage()) + ")");
        }
        replays.bySchema.put(key, made);
        return made;
    }

    /**
     * How {@code relation}, just made by the heal, differs from what the replay made of it: each line of the definition
     * that is not in both, its literals left out; empty when they are the same.
     */
    static List<String> differences(Dialect dialect, HealScope scope, String relation, ScratchReplay.Relation replayed)
            throws SQLException {
        ObjectName name = scope.manifest.name(relation);
        String now = dialect.scratch().definition(scope.connection(), schema(dialect, scope), name);
        if (now == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String trigger : replayed.triggers().keySet()) {
            if (!scope.exists(io.schemaheal.dialect.ObjectType.TRIGGER, ObjectName.of(trigger), name)) {
                out.add("trigger " + trigger + " missing");
            }
        }
        if (replayed.rowCount() >= 0) {
            long rows = dialect.scratch().rowCount(scope.connection(), schema(dialect, scope), name);
            if (rows < replayed.rowCount()) { // more: the application's, written since the table is there
                out.add(rows + " rows, where the replay left " + replayed.rowCount());
            }
        }
        List<String> mine = now.lines().map(String::strip).toList();
        List<String> theirs = replayed.create().lines().map(String::strip).toList();
        theirs.stream().filter(l -> !mine.contains(l)).forEach(l -> out.add("the replay has " + withoutLiterals(dialect, l)));
        mine.stream().filter(l -> !theirs.contains(l)).forEach(l -> out.add("the heal has " + withoutLiterals(dialect, l)));
        return out;
    }

    private static String withoutLiterals(Dialect dialect, String line) {
        return StatementClassifier.classifyWritten(line, 1, dialect.flavor()).summary();
    }
}
