package io.schemaheal.doctor;

import io.schemaheal.heal.VersionTable;
import io.schemaheal.heal.FlywayCode;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.heal.ChecksumPins;
import io.schemaheal.heal.HealFailedException;
import io.schemaheal.heal.HealResult;
import io.schemaheal.heal.EndState;
import io.schemaheal.heal.EndStateCheck;
import io.schemaheal.heal.Healer;
import io.schemaheal.heal.LiveCatalog;
import io.schemaheal.manifest.Migration;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.MigrationManifest.Entry;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.StatementKind;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a live database with its migrations ({@code schemaheal doctor}): which objects of each
 * migration's end state are present, which are missing, and what the application's version table
 * believes. {@link #fix} heals everything missing with the run-time engine.
 */
public final class Doctor {

    private final Connection connection;
    private final Dialect dialect;
    private final MigrationManifest manifest;
    /** The live objects, asked as a heal's rules ask them. */
    private final LiveCatalog live;
    private final ChecksumPins pins;

    public Doctor(Connection connection, Dialect dialect, MigrationManifest manifest, ChecksumPins pins) {
        this.connection = connection;
        this.dialect = dialect;
        this.manifest = manifest;
        this.live = LiveCatalog.of(connection, dialect, manifest);
        this.pins = pins;
    }

    public DoctorReport examine(String url) throws SQLException {
        VersionTable versions = VersionTable.find(connection, dialect);
        // code Flyway's history says ran (Java migrations): what it changed of a table made before it is not known
        FlywayCode code = FlywayCode.read(connection, dialect, manifest);
        java.util.function.Function<String, String> refusal = k -> Objects.requireNonNullElse(manifest.refusal(k),
                Objects.requireNonNullElse(code.refusal(manifest, List.of(k)), ""));
        // not run yet, by the tool's account: only where one version table is the history of all the migrations (with
        // several sets, each has its own, and one table's versions say nothing of another set's)
        boolean toldWhatRan = manifest.sets().size() == 1 && versions.recordsEachMigration(manifest.migrations());
        Map<Migration, List<DoctorReport.ObjectStatus>> objects = new LinkedHashMap<>();
        for (Migration m : manifest.migrations()) {
            objects.put(m, new ArrayList<>());
        }
        // what the changeSets of a Liquibase file that ran in part, which DATABASECHANGELOG does not record, make: a new
        // release's too, the tool's to apply (see MigrationManifest.without)
        Map<Migration, List<DoctorReport.ObjectStatus>> changeSetsNotRun = new LinkedHashMap<>();
        java.util.function.Function<Migration, Set<String>> notRunOf = changeSetsNotRun(versions);
        java.util.function.Function<Entry, List<DoctorReport.ObjectStatus>> objectsOf = e -> {
            String changeSet = manifest.changeSetOf(e);
            return changeSet != null && notRunOf.apply(e.migration()).contains(changeSet)
                    ? changeSetsNotRun.computeIfAbsent(e.migration(), k -> new ArrayList<>()) : objects.get(e.migration());
        };
        EndState end = EndState.of(manifest);
        Set<String> dropped = droppedColumns(end);
        Set<String> seen = new HashSet<>();
        // a relation whose history passes through what the scripts do not say (code a changeSet runs, SQL built at run
        // time, ...) has no shape to compare with: not checked, and said so, once
        Map<String, String> notChecked = new java.util.TreeMap<>();
        Map<String, String> refusals = new HashMap<>(); // by relation key: why ("" for none), asked once each
        for (Entry e : end.entries()) {
            if (unknown(e.statement().table(), end, e, refusals, refusal, notChecked)
                    || e.statement().kind().createsTable() && unknown(e.statement().object(), end, e, refusals, refusal, notChecked)) {
                ObjectName table = e.statement().kind() == StatementKind.CREATE_TABLE ? end.finalName(e.statement().object(), e) : null;
                if (table != null && replayable(table, code)) {
                    // no text says its shape, but a heal can make it (as a replay of the set makes it): whether it is there
                    objectsOf.apply(e).add(new DoctorReport.ObjectStatus("table", table.toString(), relation(table)));
                }
                continue;
            }
            for (DoctorReport.ObjectStatus o : objectsOf(e, end, dropped)) {
                if (seen.add(o.kind() + " " + o.name().toLowerCase(Locale.ROOT))) {
                    objectsOf.apply(e).add(o);
                }
            }
        }
        for (Entry e : manifest.sequenceDefinitions()) {
            objectsOf.apply(e).add(new DoctorReport.ObjectStatus("sequence", e.statement().object().toString(),
                    live.exists(ObjectType.SEQUENCE, e.statement().object())));
        }
        List<EndState.ForeignKeyTo> foreignKeys = end.foreignKeys();
        List<String> notices = new ArrayList<>();
        boolean columnReferencesIgnored = !foreignKeys.isEmpty() && live.ignoresColumnReferences();
        for (EndState.ForeignKeyTo fk : foreignKeys) {
            // PostgreSQL drops these with a parent dropped CASCADE; a heal of the parent adds them back
            if (fk.key().onColumn() && columnReferencesIgnored) {
                continue; // MySQL never made it
            }
            ObjectName parent = end.parentOf(fk);
            if (unknown(fk.child(), end, fk.entry(), refusals, refusal, notChecked)
                    || unknown(parent, end, fk.entry(), refusals, refusal, notChecked)) {
                continue;
            }
            boolean present = relation(fk.child()) && relation(parent)
                    && live.foreignKeyExists(fk.child(), fk.key().columns(), parent);
            String validate = present ? live.validateForeignKey(fk.child(), fk.key().columns(), parent) : null;
            if (validate != null) {
                notices.add("foreign key " + fk.child().name() + "(" + String.join(", ", fk.key().columns()) + ") -> "
                        + parent.name() + " is NOT VALID: a heal added it back without checking the rows that were there; "
                        + "once they are right, check it: " + validate);
            }
            objectsOf.apply(fk.entry()).add(new DoctorReport.ObjectStatus("foreign key", fk.child().name() + "("
                    + String.join(", ", fk.key().columns()) + ") -> " + parent.name(), present));
        }
        List<DoctorReport.MigrationStatus> statuses = new ArrayList<>();
        for (Map.Entry<Migration, List<DoctorReport.ObjectStatus>> m : objects.entrySet()) {
            String checksum = null;
            if (pins != null) {
                try {
                    pins.verify(List.of(m.getKey()));
                } catch (HealFailedException e) {
                    checksum = e.getMessage();
                }
            }
            boolean implied = versions.implies(m.getKey());
            boolean notRunYet = toldWhatRan && !implied;
            statuses.add(new DoctorReport.MigrationStatus(m.getKey(), m.getValue(), versions.records(m.getKey()),
                    implied, notRunYet, checksum));
            List<DoctorReport.ObjectStatus> later = changeSetsNotRun.get(m.getKey());
            if (later != null) {
                statuses.add(new DoctorReport.MigrationStatus(m.getKey(), later, false, false, true, checksum));
            }
        }
        Set<String> problems = new LinkedHashSet<>(manifest.unreadable());
        EndStateCheck check = new EndStateCheck(end, live);
        for (String relation : manifest.relations()) {
            String why = refusals.computeIfAbsent(relation, refusal);
            if (!why.isEmpty()) {
                notChecked.putIfAbsent(ObjectName.bareKeyOf(relation), why);
                continue;
            }
            List<String> beyond = check.columnsBeyond(relation); // none for a table the migrations do not keep
            if (!beyond.isEmpty()) {
                problems.add("table " + ObjectName.bareKeyOf(relation) + " has " + (beyond.size() == 1 ? "column " : "columns ")
                        + String.join(", ", beyond) + " that its migrations do not define");
            }
        }
        String schema = dialect.catalog().currentSchema(connection);
        for (String relation : manifest.relations()) {
            String split = manifest.twoNames(relation, schema);
            if (split != null) {
                problems.add("table " + ObjectName.bareKeyOf(relation) + " is not healed: " + split);
            }
        }
        notices.addAll(manifest.notRead());
        notChecked.forEach((table, why) -> notices.add("table " + table + " is not checked: " + why
                + (!replayable(ObjectName.fromKey(table), code) ? "" : dialect.scratch().makesTables()
                ? "; whether it is there is, and a heal makes it as a replay of the set on a scratch database makes it"
                : "; whether it is there is, and a heal from the scripts stands only where a replay of the set agrees")));
        return new DoctorReport(url, manifest.locations(), versions, versions.newerRelease(connection, dialect, manifest),
                List.copyOf(problems), statuses, List.copyOf(notices));
    }

    /**
     * Whether a heal makes {@code table} although no text says its shape: SQL built at run time is all that stands in the
     * way, and this database replays the set on a scratch database to see what that makes.
     */
    private boolean replayable(ObjectName table, FlywayCode code) {
        return dialect.scratch() != null && manifest.notInTheText(table.key()) == null
                && manifest.builtAtRunTime(table.key()) != null && code.refusal(manifest, List.of(table.key())) == null;
    }

    /**
     * Whether the relation a statement names (by the name it has at the end) is one the scripts do not say for certain
     * ({@link MigrationManifest#refusal}, asked once per relation through {@code refusals}): then it is recorded in
     * {@code notChecked} with why.
     */
    private static boolean unknown(ObjectName relation, EndState end, Entry e, Map<String, String> refusals,
                                   java.util.function.Function<String, String> refusal, Map<String, String> notChecked) {
        if (relation == null) {
            return false;
        }
        ObjectName now = end.finalName(relation, e);
        String why = refusals.computeIfAbsent(now.key(), refusal);
        if (!why.isEmpty()) {
            notChecked.putIfAbsent(now.bareKey(), why);
        }
        return !why.isEmpty();
    }

    /**
     * Columns the end state removes again or renames ({@code table.column}, lower case): not expected by that name,
     * under the table's name then and the one a later rename gives it (the columns are looked for under that).
     */
    private Set<String> droppedColumns(EndState end) {
        Set<String> out = new HashSet<>();
        for (Entry e : manifest.entries()) {
            SqlStatement s = e.statement();
            if (s.kind() == StatementKind.ALTER_TABLE) {
                for (AlterAction a : s.actions()) {
                    // a column renamed away is not there under its first name either
                    if ((a.type() == AlterAction.Type.DROP_COLUMN || a.type() == AlterAction.Type.RENAME_COLUMN) && a.column() != null) {
                        String column = "." + a.column().toLowerCase(Locale.ROOT);
                        out.add(s.table().key() + column);
                        out.add(end.finalName(s.table(), e).key() + column);
                    }
                }
            }
        }
        return out;
    }

    /** What statement {@code e} makes, looked for under the names the end of the chain gives them (a rename after it). */
    private List<DoctorReport.ObjectStatus> objectsOf(Entry e, EndState end, Set<String> dropped) throws SQLException {
        List<DoctorReport.ObjectStatus> out = new ArrayList<>();
        SqlStatement s = e.statement();
        ObjectName table = end.finalName(s.table(), e);
        ObjectName object = s.kind() == StatementKind.CREATE_TABLE || s.kind() == StatementKind.CREATE_VIRTUAL_TABLE
                ? end.finalName(s.object(), e) : s.object();
        switch (s.kind()) {
            case CREATE_TABLE, CREATE_VIRTUAL_TABLE -> {
                boolean present = relation(object);
                out.add(new DoctorReport.ObjectStatus(s.kind() == StatementKind.CREATE_TABLE ? "table" : "virtual table",
                        object.toString(), present));
                for (String column : StatementClassifier.columnsOf(s)) {
                    if (!dropped.contains(object.key() + "." + column.toLowerCase(Locale.ROOT))) {
                        out.add(new DoctorReport.ObjectStatus("column", object + "." + column,
                                present && live.columnExists(object, column)));
                    }
                }
            }
            case ALTER_TABLE -> {
                for (AlterAction a : s.actions()) {
                    if (a.type() == AlterAction.Type.ADD_COLUMN && a.column() != null
                            && !dropped.contains(table.key() + "." + a.column().toLowerCase(Locale.ROOT))) {
                        out.add(new DoctorReport.ObjectStatus("column", table + "." + a.column(),
                                relation(table) && live.columnExists(table, a.column())));
                    }
                }
            }
            case CREATE_INDEX -> {
                if (object != null) {
                    // named with its schema where the migrations give one: audit.x and x are two indexes
                    ObjectName index = object.indexOn(table);
                    out.add(new DoctorReport.ObjectStatus("index", index.toString(),
                            live.exists(ObjectType.INDEX, object, table)));
                }
            }
            case CREATE_TRIGGER -> out.add(new DoctorReport.ObjectStatus("trigger", object.name(),
                    live.exists(ObjectType.TRIGGER, object, table)));
            case CREATE_VIEW, CREATE_MATERIALIZED_VIEW -> out.add(new DoctorReport.ObjectStatus(
                    s.kind() == StatementKind.CREATE_VIEW ? "view" : "materialized view", object.toString(), relation(object)));
            default -> {
            }
        }
        return out;
    }

    private boolean relation(ObjectName name) throws SQLException {
        return live.exists(ObjectType.RELATION, name);
    }

    /** Per database: the schemas this process has healed on connect ({@code schemaheal.heal-on-connect}). */
    private static final class HealedOnConnect {
        final Set<String> schemas = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    /**
     * {@code schemaheal.heal-on-connect}: at the first connection of this process to a database, before the
     * connection is handed out, heals everything missing as {@code doctor --fix} does (same lock, rules and
     * history), so that a check that runs before any statement (Hibernate's {@code hbm2ddl.auto=validate})
     * finds the schema whole. A database that holds none of the migrations' tables is a first deployment,
     * which the migration tool builds: it is left alone, and the log says so. Never throws: what could not
     * be healed is logged, and the application meets it as it would have.
     */
    public static void healOnConnect(Connection c, Dialect dialect, MigrationManifest manifest, Healer healer,
                                     String databaseKey) {
        String schema;
        try {
            schema = dialect.catalog().currentSchema(c);
        } catch (SQLException e) {
            schema = null;
        }
        // once per database and schema: each tenant's schema of one database is a schema of its own to heal
        Set<String> healedOnConnect = io.schemaheal.registry.Registry.ofDatabase(databaseKey, HealedOnConnect.class,
                HealedOnConnect::new).schemas;
        String healed = schema == null ? "" : schema;
        if (!healedOnConnect.add(healed)) {
            return;
        }
        io.schemaheal.log.HealLog log = io.schemaheal.log.HealLog.get();
        try {
            Doctor doctor = new Doctor(c, dialect, manifest, null);
            DoctorReport report = doctor.examine(databaseKey);
            if (!report.drift()) {
                return;
            }
            String noWrites = healer.whyNoWrites();
            if (noWrites != null) {
                log.info("heal-on-connect left {} alone: {}", databaseKey, noWrites);
                return;
            }
            boolean anyTable = report.migrations().stream().flatMap(m -> m.objects().stream())
                    .anyMatch(o -> o.present() && (o.kind().equals("table") || o.kind().equals("virtual table")));
            if (!anyTable) {
                log.warn("heal-on-connect left {} alone: it holds none of the migrations' tables (a first deployment, "
                        + "which the migration tool builds)", databaseKey);
                return;
            }
            if (!report.pending().isEmpty()) {
                log.info("heal-on-connect leaves {} to the migration tool ({} does not record it yet): {}", databaseKey,
                        report.versionTable().name(), report.pending().stream().map(report::notRunYet).distinct().toList());
            }
            Map<String, String> failures = doctor.fix(report, healer);
            if (!healer.reportsOnly()) { // in report mode each table's "would heal" line says it all
                failures.forEach((table, why) -> log.warn("heal-on-connect could not heal {}: {}", table, why));
            }
        } catch (SQLException | RuntimeException e) {
            healedOnConnect.remove(healed); // the next connection tries again
            log.warn("heal-on-connect could not examine {}: {}", databaseKey, e.getMessage());
        }
    }

    /**
     * Heals every relation that has something missing, with the run-time engine, lock and history.
     * Returns the failures (relation → reason); empty when all healed.
     */
    public Map<String, String> fix(DoctorReport report, Healer healer) {
        healer.completeUnfinished(); // first what heals left halfway (MariaDB): their seed rows are known to be missing
        // a table is given back as the migrations that ran left it: what a new release's migration adds to it (a
        // column, an index) is the tool's to add, and would make its ALTER fail
        // (a Liquibase file that ran in part has a status of its own for its changeSets not run yet, see examine)
        Set<Migration> ranAtAll = new HashSet<>();
        report.migrations().stream().filter(s -> !s.notRunYet()).forEach(s -> ranAtAll.add(s.migration()));
        List<Migration> notRun = report.migrations().stream().filter(DoctorReport.MigrationStatus::notRunYet)
                .map(DoctorReport.MigrationStatus::migration).filter(m -> !ranAtAll.contains(m)).toList();
        // Liquibase's: a changeSet DATABASECHANGELOG does not record (one added to a file that ran) is not run either
        java.util.function.Function<Migration, Set<String>> notRunOf = changeSetsNotRun(report.versionTable());
        boolean anyChangeSetLeft = manifest.migrations().stream().anyMatch(m -> !notRunOf.apply(m).isEmpty());
        MigrationManifest ran = notRun.isEmpty() && !anyChangeSetLeft ? manifest : manifest.without(notRun, notRunOf);
        Healer healing = ran == manifest ? healer : healer.from(ran);
        Set<String> relations = new LinkedHashSet<>();
        for (DoctorReport.MigrationStatus m : report.migrations()) {
            if (m.notRunYet()) {
                continue; // the migration tool's: made first, its CREATE would fail when the tool applies it
            }
            for (Entry e : entriesOf(m.migration())) {
                SqlStatement s = e.statement();
                ObjectName relation = s.kind().createsRelation() ? s.object() : s.table();
                // a relation only a changeSet not run yet makes is the tool's too
                if (relation != null && !m.complete() && ran.knows(relation.key())) {
                    relations.add(relation.key());
                } else if (s.kind() == StatementKind.CREATE_SEQUENCE && !m.complete() && manifest.isSequence(s.object().bareKey())) {
                    relations.add(s.object().bareKey()); // a sequence of its own heals alone
                }
            }
        }
        Map<String, String> failures = new LinkedHashMap<>();
        for (String relation : relations) {
            HealResult result = healing.healOrComplete(relation);
            if (!(result instanceof HealResult.Healed)) {
                failures.put(relation, result.exception().getMessage());
            }
        }
        return failures;
    }

    /**
     * Each Liquibase changelog's changeSets not run yet ({@link VersionTable#changeSetsNotRun}), asked once per changelog;
     * none where the migrations are several sets (one table's record says nothing of another set's).
     */
    private java.util.function.Function<Migration, Set<String>> changeSetsNotRun(VersionTable versions) {
        Map<Migration, Set<String>> asked = new java.util.IdentityHashMap<>();
        boolean oneSet = manifest.sets().size() == 1;
        return m -> oneSet ? asked.computeIfAbsent(m, versions::changeSetsNotRun) : Set.of();
    }

    private List<Entry> entriesOf(Migration m) {
        return manifest.entries().stream().filter(e -> e.migration() == m).toList();
    }
}
