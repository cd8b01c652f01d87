package io.schemaheal.manifest;

import io.schemaheal.log.HealLog;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a set of migration scripts does to the schema, derived from the scripts themselves: every
 * statement in migration order, indexed by the relations (tables and views) it creates, alters, drops,
 * indexes, triggers on or mentions. It knows files and SQL, never connections.
 */
public final class MigrationManifest {

    /** One statement of one migration, with its position in the whole set ({@code seq}). */
    public record Entry(int seq, Migration migration, SqlStatement statement) {
        /** {@code v08_chat.sql:12}: where the statement is written. */
        public String where() {
            return migration.fileName() + ":" + statement.line();
        }
    }

    /**
     * How one file below the locations was read: as {@code migration} by the naming {@code convention}
     * (with its database marker), or not, {@code ignoredBecause}.
     */
    public record FileReading(String path, Migration migration, String convention, String ignoredBecause) {
    }

    private final List<String> locations;
    private final List<FileReading> files;
    private final List<Migration> migrations;
    private final List<Entry> entries;
    private final Map<String, List<Entry>> byRelation = new HashMap<>();
    private final Map<String, List<Entry>> byObject = new HashMap<>();
    private final Map<String, List<Entry>> byReference = new HashMap<>();
    private final Set<String> relations = new LinkedHashSet<>();
    /** What other parts derive from this set, made once each ({@link #derived}). */
    private final Map<Class<?>, Object> derived = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Sequences the migrations create on their own ({@code CREATE SEQUENCE}) and leave in place, by bare key: their
     * final {@code CREATE SEQUENCE}.
     */
    private final Map<String, Entry> sequences = new LinkedHashMap<>();
    private final Map<String, ObjectName> names = new HashMap<>();
    /** Each migration's first entry ({@link Entry#seq}), by identity: where its statements begin in {@link #entries}. */
    private final Map<Migration, Integer> firstEntry = new java.util.IdentityHashMap<>();
    private boolean usesConnectionPlaceholders;
    /** The scripts that could not be read: a relation any of them names is not healed. */
    private final List<UnreadableScript> unreadable;
    /** How many migrations each set holds, in order ({@code ;} between sets in the locations; one set without). */
    private final List<Integer> setSizes;
    /** Relations not to heal, by key, and why: two scripts create them, and which one holds is not known. */
    private final Map<String, String> refused = new HashMap<>();
    /** A Flyway placeholder as these scripts write it (see {@link FlywayPlaceholders#syntax}). */
    private final FlywayPlaceholders.Syntax placeholder;
    /**
     * The one schema the scripts qualify names with that they also write unqualified ({@code public.users} in a
     * pg_dump baseline, {@code users} after it), read as unqualified names (lower case), or null; and the names
     * (bare keys) so qualified. Those are healed only in that schema.
     */
    private final String dumpSchema;
    private final Set<String> dumpNamed;

    private MigrationManifest(List<String> locations, List<FileReading> files, List<Migration> migrations,
                              FlywayPlaceholders.Syntax placeholder, List<UnreadableScript> unreadable,
                              List<Integer> setSizes) throws ManifestException {
        this.setSizes = List.copyOf(setSizes);
        this.placeholder = placeholder;
        this.unreadable = List.copyOf(unreadable);
        this.locations = List.copyOf(locations);
        this.files = List.copyOf(files);
        DumpSchema dump = dumpSchema(migrations);
        this.dumpSchema = dump == null ? null : dump.name();
        this.dumpNamed = dump == null ? Set.of() : dump.named();
        this.migrations = dumpSchema == null ? List.copyOf(migrations) : unqualified(migrations, dumpSchema);
        List<Entry> all = new ArrayList<>();
        for (Migration m : this.migrations) {
            firstEntry.put(m, all.size());
            for (SqlStatement s : m.statements()) {
                all.add(new Entry(all.size(), m, s));
            }
        }
        this.entries = List.copyOf(all);
        for (Entry e : entries) {
            index(e);
            usesConnectionPlaceholders |= placeholder.left(e.statement().sql()).stream()
                    .anyMatch(FlywayPlaceholders.OF_THE_CONNECTION::contains);
        }
        byReference.keySet().retainAll(relations);
        checkOneOwnerPerTable();
        for (Entry e : entries) {
            SqlStatement s = e.statement();
            if (s.kind() == StatementKind.CREATE_SEQUENCE && s.object() != null && finalSequenceDefinition(e)) {
                sequences.put(s.object().bareKey(), e);
                // its name as written (MariaDB compares names by case), in the schema the heal goes to
                names.putIfAbsent(s.object().bareKey(), new ObjectName(null, s.object().name(), s.object().quoted(),
                        s.object().exactCase()));
            }
        }
        sequences.keySet().removeAll(relations);
    }

    /** True when {@code e} creates a sequence that no later statement drops. */
    private boolean finalSequenceDefinition(Entry e) {
        return definitionsOf(e.statement().object().bareKey()).stream().noneMatch(d -> d.seq() > e.seq()
                && (d.statement().kind() == StatementKind.CREATE_SEQUENCE || d.statement().kind() == StatementKind.DROP_SEQUENCE));
    }

    /** The relations and objects a statement names (created, altered, dropped, written), with their schemas. */
    private static List<ObjectName> named(SqlStatement s) {
        List<ObjectName> out = new ArrayList<>(s.objects());
        if (s.table() != null) {
            out.add(s.table());
        }
        for (AlterAction a : s.actions()) {
            if (a.newName() != null && a.type() == AlterAction.Type.RENAME_TABLE) {
                out.add(a.newName());
            }
        }
        return out;
    }

    /** A schema the scripts write both qualified and not (lower case), and the bare keys they qualify by it. */
    private record DumpSchema(String name, Set<String> named) {
    }

    /**
     * The one schema whose qualified names the scripts also write unqualified, where they are one table written two
     * ways (one CREATE); null when there is none, or more than one. A schema that holds a table of its own beside the
     * unqualified one of the same name ({@code CREATE TABLE audit.events} and {@code CREATE TABLE events}) is two
     * schemas meant, and is left out.
     */
    private static DumpSchema dumpSchema(List<Migration> migrations) {
        if (!anyQualified(migrations)) {
            return null; // most sets never write a schema: nothing to read twice
        }
        Set<String> bare = new HashSet<>();
        Set<String> createdBare = new HashSet<>();
        Map<String, Set<String>> qualified = new HashMap<>();
        Map<String, Set<String>> created = new HashMap<>();
        for (Migration m : migrations) {
            for (SqlStatement s : m.statements()) {
                for (ObjectName n : named(s)) {
                    boolean creates = s.kind().createsTable() && n.equals(s.object());
                    if (n.schema() == null) {
                        bare.add(n.bareKey());
                        if (creates) {
                            createdBare.add(n.bareKey());
                        }
                    } else {
                        String schema = n.schema().toLowerCase(java.util.Locale.ROOT);
                        qualified.computeIfAbsent(schema, k -> new HashSet<>()).add(n.bareKey());
                        if (creates) {
                            created.computeIfAbsent(schema, k -> new HashSet<>()).add(n.bareKey());
                        }
                    }
                }
            }
        }
        List<String> both = qualified.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(bare::contains))
                .filter(e -> created.getOrDefault(e.getKey(), Set.of()).stream().noneMatch(createdBare::contains))
                .map(Map.Entry::getKey).toList();
        return both.size() == 1 ? new DumpSchema(both.get(0), qualified.get(both.get(0))) : null;
    }

    private static boolean anyQualified(List<Migration> migrations) {
        for (Migration m : migrations) {
            for (SqlStatement s : m.statements()) {
                if (s.table() != null && s.table().schema() != null) {
                    return true;
                }
                for (ObjectName n : s.objects()) {
                    if (n.schema() != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The migrations with their statements read again, names qualified by {@code schema} read as unqualified. */
    private static List<Migration> unqualified(List<Migration> migrations, String schema) {
        List<Migration> out = new ArrayList<>();
        for (Migration m : migrations) {
            List<SqlStatement> statements = new ArrayList<>();
            for (SqlStatement s : m.statements()) {
                statements.add(StatementClassifier.classify(s, schema));
            }
            out.add(new Migration(m.version(), m.description(), m.fileName(), m.path(), m.sha256(), statements,
                    m.changeSets(), m.asWritten()));
        }
        return out;
    }

    /** The first Flyway placeholder left in {@code sql} (no value was given for it), or null. */
    public FlywayPlaceholders.Left placeholderLeftIn(String sql) {
        return placeholder.firstLeft(sql);
    }

    /** What this process has warned about (files, conflicts): each once. */
    private static final class Warned {
        final Set<String> said = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    /** True the first time this process is to warn about {@code what}. */
    private static boolean firstWarning(String what) {
        return io.schemaheal.registry.Registry.ofProcess(Warned.class, Warned::new).said.add(what);
    }

    /** Reads and indexes every migration of the given locations (see {@link MigrationLocation}). */
    public static MigrationManifest build(List<String> locationSpecs) throws ManifestException {
        return build(locationSpecs, Map.of(), null);
    }

    /**
     * As {@link #build(List)}, with Flyway's placeholders: {@code ${NAME}} in a script is replaced by its
     * value before the script is read, as Flyway replaced it when it applied the script (the checksum is
     * the file's, as Flyway's is). A placeholder with no value stays as written. Only the files for
     * {@code database} (a dialect name) and those with no database marker are read; with a null database,
     * only the latter.
     */
    public static MigrationManifest build(List<String> locationSpecs, Map<String, String> placeholders, String database)
            throws ManifestException {
        if (locationSpecs.isEmpty()) {
            throw new ManifestException("no migrations location given; set schemaheal.migrations");
        }
        List<Migration> migrations = new ArrayList<>();
        List<Migration> earlierSets = new ArrayList<>(); // the chains before this one, each in its own order
        List<Integer> setSizes = new ArrayList<>();
        List<FileReading> files = new ArrayList<>();
        Map<Version, Migration> byVersion = new HashMap<>();
        Set<Migration> forDatabase = new HashSet<>(); // marked for the database at hand (name.database() set)
        List<String> canonical = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<UnreadableScript> unreadableScripts = new ArrayList<>();
        List<GoMigrations.Found> goCode = new ArrayList<>(); // this set's goose migrations written in Go
        boolean forAnotherDatabase = false;
        boolean orderedLocation = false;
        int dumps = 0; // locations that are one file without a version: versions 1, 2, ... in the order listed
        FlywayNaming naming = FlywayNaming.of(placeholders);
        for (String spec : locationSpecs) {
            if (spec.equals(io.schemaheal.config.HealSettings.NEXT_SET)) {
                // another chain: its versions are its own, and it is read after this one
                unreadableScripts.addAll(GoMigrations.refusals(goCode, migrations));
                goCode.clear();
                migrations.sort(Comparator.comparing(Migration::version));
                earlierSets.addAll(migrations);
                setSizes.add(migrations.size());
                migrations.clear();
                byVersion.clear();
                dumps = 0;
                canonical.add(spec);
                continue;
            }
            MigrationLocation location = MigrationLocation.parse(spec).named(naming);
            canonical.add(location.spec());
            boolean ordered = location.ordered();
            boolean oneFile = location.oneFile();
            orderedLocation |= ordered;
            List<MigrationLocation.Resource> read = location.read(database);
            // Liquibase's files run in the order it includes them: a changelog's, else by path (includeAll's)
            int liquibaseOrder = 0;
            // what the location's scripts read so far make, in that order; a master's SQL files carry their own
            MadeSoFar made = ordered ? null : new MadeSoFar(database);
            for (MigrationLocation.Resource file : read) {
                MigrationFileName name;
                try {
                    name = ordered || file.name().toLowerCase(java.util.Locale.ROOT).endsWith(".sql")
                            && LiquibaseSql.isFormattedSql(file.content())
                            ? MigrationFileName.liquibase(file.name(), ++liquibaseOrder)
                            : MigrationFileName.parse(naming.standard(file.name()));
                } catch (IllegalArgumentException e) {
                    throw new ManifestException("migration " + file.path() + ": " + e.getMessage(), e);
                }
                if (oneFile && name != null && name.unreadableReason() != null) {
                    name = MigrationFileName.schemaDump(file.name(), ++dumps); // schema.sql, structure.sql: the whole schema
                }
                String ignored = name == null ? "not a SQL script" : name.ignoredBecause(database);
                if (ignored != null) {
                    files.add(new FileReading(file.path(), null, name == null ? null : name.convention(), ignored));
                    GoMigrations.Found go = name == null ? GoMigrations.of(file) : null;
                    if (go != null) {
                        goCode.add(go);
                    }
                    UnreadableScript callback = name != null && name.isFlywayCallback()
                            ? FlywayCallbacks.changes(name, file, placeholders, database) : null;
                    if (callback != null) {
                        unreadableScripts.add(callback);
                        if (firstWarning(callback.getMessage())) {
                            HealLog.get().warn("SchemaHeal does not heal the tables this names: {}", callback.getMessage());
                        }
                    }
                    forAnotherDatabase |= name != null && name.database() != null;
                    if (name != null && name.unreadableReason() != null) {
                        unreadable.add(file.path());
                        if (firstWarning(file.path())) {
                            HealLog.get().warn("SchemaHeal ignores {}: {}", file.path(), ignored);
                        }
                    }
                    continue;
                }
                Migration m;
                try {
                    List<UnreadableScript> partlyUnread = new ArrayList<>();
                    m = MigrationScriptReader.read(name, file, placeholders, database, partlyUnread,
                            file.before() != null ? file.before() : made);
                    for (UnreadableScript e : partlyUnread) {
                        unreadableScripts.add(e); // the rest of the script is read: what this part names is not healed
                        if (firstWarning(e.getMessage())) {
                            HealLog.get().warn("SchemaHeal does not heal the tables this names: {}", e.getMessage());
                        }
                    }
                } catch (UnreadableScript e) {
                    // never the application's outage: the rest of the set is read, what this one may touch is not healed
                    unreadableScripts.add(e);
                    files.add(new FileReading(file.path(), null, name.convention(), e.getMessage()));
                    if (firstWarning(e.getMessage())) {
                        HealLog.get().warn("SchemaHeal does not heal the tables {} names: {}", file.path(), e.getMessage());
                    }
                    continue;
                }
                FileReading reading = new FileReading(file.path(), m, name.convention()
                        + (name.database() == null ? "" : ", " + name.database() + " only"), null);
                Migration twin = byVersion.putIfAbsent(m.version(), m);
                if (twin != null) {
                    // Ory's popx: V.postgres.up.sql is what runs on PostgreSQL in place of the shared V.up.sql
                    boolean mineForThisDatabase = name.database() != null;
                    boolean twinForThisDatabase = forDatabase.contains(twin);
                    if (mineForThisDatabase == twinForThisDatabase) {
                        throw new ManifestException("migrations " + twin.path() + " and " + m.path() + " both have version "
                                + m.version() + "; give each migration its own version");
                    }
                    Migration shared = mineForThisDatabase ? twin : m;
                    Migration kept = mineForThisDatabase ? m : twin;
                    byVersion.put(m.version(), kept);
                    migrations.remove(shared);
                    files.replaceAll(f -> f.migration() == shared ? new FileReading(f.path(), null, f.convention(),
                            "replaced by " + kept.fileName() + ", the same version for " + database) : f);
                    if (shared == m) {
                        files.add(new FileReading(file.path(), null, reading.convention(), "replaced by " + kept.fileName()
                                + ", the same version for " + database));
                    } else {
                        files.add(reading);
                        migrations.add(m);
                        forDatabase.add(m);
                    }
                    continue;
                }
                if (name.database() != null) {
                    forDatabase.add(m);
                }
                files.add(reading);
                migrations.add(m);
            }
        }
        unreadableScripts.addAll(GoMigrations.refusals(goCode, migrations));
        migrations.sort(Comparator.comparing(Migration::version));
        earlierSets.addAll(migrations);
        setSizes.add(migrations.size());
        migrations = earlierSets;
        if (migrations.isEmpty() && (!unreadableScripts.isEmpty() || database == null && (forAnotherDatabase || orderedLocation))) {
            // every script is marked for a database: which ones apply is known at the first connection
            return new MigrationManifest(canonical, files, migrations, FlywayPlaceholders.syntax(placeholders), unreadableScripts,
                setSizes);
        }
        if (migrations.isEmpty()) {
            throw new ManifestException("migrations location " + String.join(", ", canonical).replace(", ;,", ";")
                    + " holds no migration scripts (*.sql)" + (unreadable.isEmpty() ? "" : " whose version can be read from "
                    + "the file name (" + String.join(", ", unreadable) + "; " + MigrationFileName.HOW_TO_NAME + ")")
                    + (forAnotherDatabase ? " for " + database + " (its scripts are marked for other databases)" : "")
                    + "; point schemaheal.migrations at the folder that does");
        }
        return new MigrationManifest(canonical, files, migrations, FlywayPlaceholders.syntax(placeholders), unreadableScripts,
                setSizes);
    }

    private void index(Entry e) {
        SqlStatement s = e.statement();
        switch (s.kind()) {
            case CREATE_TABLE, CREATE_VIRTUAL_TABLE, CREATE_VIEW, CREATE_MATERIALIZED_VIEW -> {
                relations.add(s.object().key());
                names.put(s.object().key(), s.object());
                add(byRelation, s.object().key(), e);
                add(byObject, s.object().key(), e);
            }
            case ALTER_TABLE -> {
                add(byRelation, s.table().key(), e);
                for (AlterAction a : s.actions()) {
                    if (a.type() == AlterAction.Type.RENAME_TABLE && a.newName() != null) {
                        relations.add(a.newName().key());
                        names.putIfAbsent(a.newName().key(), a.newName());
                        add(byRelation, a.newName().key(), e);
                    } else if (a.type() == AlterAction.Type.DROP_OBJECT && a.newName() != null) {
                        add(byObject, a.newName().bareKey(), e); // ALTER TABLE ... DROP INDEX x ends index x
                    }
                }
            }
            case DROP_TABLE, DROP_VIEW -> {
                for (ObjectName n : s.objects()) {
                    add(byRelation, n.key(), e);
                    add(byObject, n.key(), e);
                }
            }
            case CREATE_INDEX, CREATE_TRIGGER -> {
                if (s.table() != null) {
                    add(byRelation, s.table().key(), e);
                }
                if (s.object() != null) {
                    add(byObject, s.object().bareKey(), e);
                }
            }
            case DROP_INDEX, DROP_TRIGGER, DROP_SEQUENCE -> {
                for (ObjectName n : s.objects()) {
                    add(byObject, n.bareKey(), e);
                }
            }
            case DATA -> add(byRelation, s.table().key(), e);
            case PROCEDURAL -> {
                for (ObjectName n : s.objects()) {
                    add(byRelation, n.key(), e);
                }
            }
            case CREATE_TYPE, ALTER_TYPE, CREATE_SEQUENCE, ALTER_SEQUENCE, CREATE_FUNCTION -> {
                if (s.object() != null) {
                    add(byObject, s.object().bareKey(), e);
                }
            }
            default -> {
            }
        }
        for (String r : s.references()) {
            add(byReference, r, e);
        }
    }

    private static void add(Map<String, List<Entry>> map, String key, Entry e) {
        map.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
    }

    /** A table must have one owner: one that two migrations create (with no drop between) is refused. */
    private void checkOneOwnerPerTable() {
        for (String table : relations) {
            Entry live = null;
            for (Entry e : about(table)) {
                SqlStatement s = e.statement();
                if (s.kind().createsTable() && s.object().key().equals(table)) {
                    if (live != null && live.migration() != e.migration()) {
                        String why = "migrations " + live.migration().path() + " (line " + live.statement().line() + ") and "
                                + e.migration().path() + " (line " + s.line() + ") both create table " + s.object()
                                + "; a table must be created by one migration: remove the second CREATE, or drop the "
                                + "table in between";
                        refused.putIfAbsent(table, why);
                        if (firstWarning(why)) {
                            HealLog.get().warn("SchemaHeal does not heal {}: {}", s.object(), why);
                        }
                    }
                    live = e;
                } else if (s.kind() == StatementKind.DROP_TABLE) {
                    live = null;
                } else if (s.kind() == StatementKind.ALTER_TABLE) {
                    for (AlterAction a : s.actions()) {
                        if (a.type() == AlterAction.Type.RENAME_TABLE && a.newName() != null) {
                            live = a.newName().key().equals(table) ? e : null;
                        }
                    }
                }
            }
        }
    }

    /**
     * Why {@code key} cannot be healed in {@code schema} (the session's): the migrations name the same table twice,
     * qualified by a schema and not ({@code public.users} in a pg_dump baseline, {@code users} in the scripts after
     * it). Where only one schema is so written, its qualified names are read as the unqualified ones, one history, and
     * healed in that schema alone; null then, and when they do not.
     */
    public String twoNames(String key, String schema) {
        if (schema == null) {
            return null;
        }
        String s = schema.toLowerCase(java.util.Locale.ROOT);
        String bare = ObjectName.bareKeyOf(key);
        if (dumpSchema != null) {
            return !dumpNamed.contains(bare) || s.equals(dumpSchema) ? null : "the migrations name it " + dumpSchema + "."
                    + bare + " as well as " + bare + ", one table in schema " + dumpSchema + ", and this heal runs in schema "
                    + schema + ": its scripts would write to " + dumpSchema + "; heal it where they were written for";
        }
        String qualified = s + "." + bare;
        boolean split = key.equals(bare) ? named(qualified) : key.equals(qualified) && named(bare);
        return split ? "the migrations name it both " + qualified + " and " + bare + ", which are one table in schema "
                + schema + ", so its history is split between two names; write one name in the scripts" : null;
    }

    /** True when a statement creates, alters or otherwise writes about the relation {@code key}. */
    private boolean named(String key) {
        return relations.contains(key) || byRelation.containsKey(key);
    }

    /** What is wrong with the scripts that could not be read, and with tables two scripts create: one line each. */
    public List<String> unreadable() {
        List<String> out = new ArrayList<>();
        unreadable.stream().filter(u -> !u.part()).forEach(u -> out.add(u.getMessage()));
        out.addAll(new java.util.TreeSet<>(refused.values()));
        return out;
    }

    /**
     * The parts of scripts not read by design, one line each: a Liquibase changeSet that runs code, or whose precondition
     * cannot be told. Nothing is wrong with the scripts; what those parts name is not healed, nor checked by the doctor.
     */
    public List<String> notRead() {
        return unreadable.stream().filter(UnreadableScript::part).map(Throwable::getMessage).toList();
    }

    /**
     * Why the relation ({@code key}) is never healed from these scripts, or null: a script that could not be read names
     * it, two scripts create it, or a statement after its creation runs SQL built at run time that may touch it.
     */
    public String refusal(String key) {
        String unread = notInTheText(key);
        return unread != null ? unread : builtAtRunTime(key);
    }

    /** Why the relation ({@code key}) is never healed from these scripts, leaving out SQL built at run time; or null. */
    public String notInTheText(String key) {
        String conflict = refused.get(key);
        if (conflict != null) {
            return conflict;
        }
        String bare = ObjectName.bareKeyOf(key);
        for (UnreadableScript u : unreadable) {
            if (u.mayTouch(bare)) {
                return u.getMessage() + "; what it does to " + bare + " is not known";
            }
        }
        return null;
    }

    /**
     * Why the history of the relation ({@code key}) cannot be replayed from its statements' text, or null: a statement
     * after its creation runs SQL built at run time that may touch it. What the database does with the whole set on a
     * scratch database can still say it ({@link io.schemaheal.dialect.ScratchReplay}).
     */
    public String builtAtRunTime(String key) {
        Entry creation = creation(key);
        return derived(BuiltAtRunTime.class, BuiltAtRunTime::new).refusal(ObjectName.bareKeyOf(key),
                creation == null ? -1 : creation.seq());
    }

    /** The statement that creates the relation ({@code key}), or null when none does. */
    public Entry creation(String key) {
        for (Entry e : about(key)) {
            if (e.statement().kind().createsTable() && e.statement().object().key().equals(key)) {
                return e;
            }
        }
        return null;
    }

    /**
     * The migrations of each set, in order: one set, unless the locations list several with {@code ;} between them
     * (two Flyway configurations in one schema, each with its own versions and history table).
     */
    public List<List<Migration>> sets() {
        List<List<Migration>> out = new ArrayList<>();
        int from = 0;
        for (int size : setSizes) {
            out.add(migrations.subList(from, Math.min(from + size, migrations.size())));
            from += size;
        }
        return out;
    }

    /**
     * This set without {@code left} (a new release's migrations, which the version table does not record yet) and
     * without the Liquibase changeSets {@code changeSetsLeft} gives for each changelog (a new release's, added to a file
     * that ran): what the migrations that ran define, to heal a table as they left it. The migration tool applies the
     * others to it.
     */
    public MigrationManifest without(java.util.Collection<Migration> left,
                                     java.util.function.Function<Migration, Set<String>> changeSetsLeft) {
        List<Migration> kept = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (List<Migration> set : sets()) {
            List<Migration> ran = new ArrayList<>();
            for (Migration m : set) {
                if (!left.contains(m)) {
                    ran.add(withoutChangeSets(m, changeSetsLeft.apply(m)));
                }
            }
            kept.addAll(ran);
            sizes.add(ran.size());
        }
        try {
            return new MigrationManifest(locations, files, kept, placeholder, unreadable, sizes);
        } catch (ManifestException e) {
            throw new IllegalStateException("a part of a set that was read could not be read: " + e.getMessage(), e);
        }
    }

    /** {@code m} without the statements of the changeSets {@code left}. */
    private static Migration withoutChangeSets(Migration m, Set<String> left) {
        if (left.isEmpty()) {
            return m;
        }
        List<SqlStatement> statements = new ArrayList<>();
        List<String> changeSets = new ArrayList<>();
        for (int k = 0; k < m.statements().size(); k++) {
            if (!left.contains(m.changeSet(k))) {
                statements.add(m.statements().get(k));
                changeSets.add(m.changeSet(k));
            }
        }
        // a replay of it runs what is left as read (the statements as written belong to every changeSet)
        return new Migration(m.version(), m.description(), m.fileName(), m.path(), m.sha256(), statements, changeSets,
                List.of());
    }

    /** The Liquibase changeSet ({@code author:id}) of an entry's statement, or null where its script is no changelog. */
    public String changeSetOf(Entry e) {
        Integer first = firstEntry.get(e.migration());
        return first == null ? null : e.migration().changeSet(e.seq() - first);
    }

    /** True when some migration creates (or renames something into) this relation. Key: lower-case name. */
    public boolean knows(String relationKey) {
        return relations.contains(relationKey) || sequences.containsKey(relationKey);
    }

    /**
     * A value derived from this set alone (the heal's end-state model), made by {@code make} at its first use and kept
     * with the set: a set is immutable, so what is derived from it is made once for every connection that uses it.
     */
    public <T> T derived(Class<T> type, java.util.function.Function<MigrationManifest, T> make) {
        return type.cast(derived.computeIfAbsent(type, t -> make.apply(this)));
    }

    /** True when the key is a sequence the migrations create on their own and leave in place (it heals alone). */
    public boolean isSequence(String key) {
        return sequences.containsKey(key);
    }

    /** The final {@code CREATE SEQUENCE} of each sequence the migrations create on their own and leave in place. */
    public java.util.Collection<Entry> sequenceDefinitions() {
        return sequences.values();
    }

    /** A relation's name as the migrations write it (a quoted name keeps its case), for catalog questions. */
    public ObjectName name(String relationKey) {
        ObjectName n = names.get(relationKey);
        return n != null ? n : ObjectName.fromKey(relationKey);
    }

    /** Statements about a relation, in migration order: its create, alters, drops, renames, indexes, triggers, data. */
    public List<Entry> about(String relationKey) {
        return byRelation.getOrDefault(relationKey, List.of());
    }

    /**
     * The key {@link #definitionsOf} files an object under: relations (tables, views) by their key with
     * its schema; indexes, triggers, types, sequences and functions by their bare name, as statements that
     * use or drop them often name them without the schema.
     */
    public static String objectKey(StatementKind kind, ObjectName name) {
        return switch (kind) {
            case CREATE_TABLE, CREATE_VIRTUAL_TABLE, CREATE_VIEW, CREATE_MATERIALIZED_VIEW, DROP_TABLE, DROP_VIEW -> name.key();
            default -> name.bareKey();
        };
    }

    /** Statements that create or drop an index, trigger, view or table of this name, in migration order. */
    public List<Entry> definitionsOf(String objectKey) {
        return byObject.getOrDefault(objectKey, List.of());
    }

    /**
     * The definition of the function or procedure {@code name} (lower case) that holds before statement {@code before}
     * (its seq; {@link Integer#MAX_VALUE}: the final one), or null when the migrations define none by then.
     */
    public Entry functionDefinition(String name, int before) {
        Entry definition = null;
        for (Entry d : definitionsOf(name)) {
            if (d.seq() < before && d.statement().kind() == StatementKind.CREATE_FUNCTION) {
                definition = d;
            }
        }
        return definition;
    }

    /** Statements that mention a relation without being about it: FTS shadows, triggers and views over it. */
    public List<Entry> mentioning(String relationKey) {
        return byReference.getOrDefault(relationKey, List.of());
    }

    /** Every file below the locations, in the order read, with how it was read or why it was not. */
    public List<FileReading> files() {
        return files;
    }

    public List<Migration> migrations() {
        return migrations;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Every relation some migration creates, in the order first created. */
    public Set<String> relations() {
        return Collections.unmodifiableSet(relations);
    }

    /**
     * True when a script uses one of Flyway's built-in placeholders whose value comes from the connection
     * ({@code ${flyway:defaultSchema}}, {@code user}, {@code database}): the scripts are then read again with
     * the values of each connection ({@link FlywayPlaceholders#ofConnection}).
     */
    public boolean usesConnectionPlaceholders() {
        return usesConnectionPlaceholders;
    }

    /** The locations this manifest was built from, canonical form. */
    public List<String> locations() {
        return locations;
    }
}
