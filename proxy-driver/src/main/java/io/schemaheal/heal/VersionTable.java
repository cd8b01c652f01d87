package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.manifest.Migration;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.Version;
import io.schemaheal.sql.ObjectName;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The application's own version table, found automatically: what the migrator believes it applied.
 * Read only; SchemaHeal never writes to it. The doctor reports it; a heal reads it to refuse building an older shape
 * in a database that a newer release migrated ({@link #ahead}).
 *
 * @param name     the table found, or null when there is none
 * @param recorded the versions (or, for Liquibase, the file names) it records
 * @param scripted the versions of those that SQL scripts made: what the application's scripts can be compared with
 *                 (Flyway also records Java migrations, which no script set holds)
 * @param changeSetsRan for Liquibase's, the changeSets it records ({@code author:id}); empty for any other
 */
public record VersionTable(String name, List<String> recorded, List<String> scripted, java.util.Set<String> changeSetsRan) {

    public VersionTable(String name, List<String> recorded, List<String> scripted) {
        this(name, recorded, scripted, java.util.Set.of());
    }

    /** Flyway's history table when the application leaves its name as it is (read by {@link #find} as a Flyway table's). */
    private static final String FLYWAY_DEFAULT = "flyway_schema_history";

    /** Known version tables, the query that lists what each records, and the one that lists what scripts made. */
    private static final String[][] KNOWN = {
            {"schema_version", "SELECT version FROM schema_version"},
            // a repeatable migration has no version: its script's name stands for it
            {FLYWAY_DEFAULT, "SELECT coalesce(version, script) FROM flyway_schema_history WHERE success",
                    "SELECT version FROM flyway_schema_history WHERE success AND type = 'SQL'"},
            {"schema_migrations", "SELECT version FROM schema_migrations"},
            {"goose_db_version", "SELECT version_id FROM goose_db_version WHERE is_applied"},
            // Liquibase's: its files and changeSets, read together (see find)
            {"databasechangelog"},
            // Liquibase names it so on MariaDB and MySQL, where a table's name is compared by case
            {"DATABASECHANGELOG"},
    };

    public static VersionTable find(Connection c, Dialect dialect) throws SQLException {
        List<ObjectName> names = new ArrayList<>();
        for (String[] known : KNOWN) {
            names.add(ObjectName.of(known[0]));
        }
        ObjectName first = dialect.catalog().firstExisting(c, names);
        if (first == null) {
            return new VersionTable(null, List.of(), List.of());
        }
        String[] known = KNOWN[names.indexOf(first)];
        if (liquibase(known[0])) {
            // a changeSet is Liquibase's by id, author and file; a file may be recorded under a logicalFilePath of its
            // own, so by author and id here (as a changelog's text writes them: --changeset author:id)
            List<String> files = new ArrayList<>();
            java.util.Set<String> changeSets = new java.util.HashSet<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT filename, author, id FROM " + known[0])) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        files.add(rs.getString(1).strip());
                    }
                    changeSets.add(Migration.changeSetName(String.valueOf(rs.getString(2)).strip(),
                            String.valueOf(rs.getString(3)).strip()));
                }
            }
            List<String> recorded = inVersionOrder(files);
            return new VersionTable(known[0], recorded, recorded, changeSets);
        }
        List<String> recorded = values(c, known[1]);
        return new VersionTable(known[0], recorded, known.length > 2 ? values(c, known[2]) : recorded, java.util.Set.of());
    }

    /** Whether a version table of this name is Liquibase's. */
    private static boolean liquibase(String table) {
        return table != null && table.equalsIgnoreCase("databasechangelog");
    }

    /**
     * The changeSets ({@code author:id}) of Liquibase changelog {@code m} that this table does not record, where it
     * records others of it: a new release's, added to a file that ran. Empty for a file none of whose changeSets it is
     * found to record (they may be recorded in a way not told here, and then nothing of the file would heal: the file is
     * taken whole, as {@link #recordsEachMigration} says), for any other script, and for any other table.
     */
    public java.util.Set<String> changeSetsNotRun(Migration m) {
        if (changeSetsRan.isEmpty() || m.changeSets().stream().noneMatch(changeSetsRan::contains)) {
            return java.util.Set.of();
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String changeSet : m.changeSets()) {
            if (!changeSet.isEmpty() && !changeSetsRan.contains(changeSet)) {
                out.add(changeSet);
            }
        }
        return out;
    }

    /** The query's non-null values, stripped: versions in order, then what is not one (a repeatable's script). */
    private static List<String> values(Connection c, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    out.add(rs.getString(1).strip());
                }
            }
        }
        return inVersionOrder(out);
    }

    /** Versions in order, then what is not one (a repeatable's script, a Liquibase file). */
    private static List<String> inVersionOrder(List<String> out) {
        out.sort((a, b) -> {
            Version va = parse(a);
            Version vb = parse(b);
            return va != null && vb != null ? va.compareTo(vb) : va != null ? -1 : vb != null ? 1 : a.compareTo(b);
        });
        return out;
    }

    /** A version table that records a version newer than the application's newest migration of its set. */
    public record Ahead(String table, String version) {
    }

    /**
     * Whether a newer release migrated this database: this table (as {@link #find} found it) against all the
     * migrations, then every Flyway history table, whatever its name, against the set it is the history of (two sets in
     * one schema keep two). Null when none is ahead.
     */
    public Ahead newerRelease(Connection c, Dialect dialect, MigrationManifest manifest) throws SQLException {
        return newerRelease(c, dialect, manifest, flywayTables(c, dialect));
    }

    /** As {@link #newerRelease(Connection, Dialect, MigrationManifest)}, given the schema's Flyway history tables. */
    Ahead newerRelease(Connection c, Dialect dialect, MigrationManifest manifest, List<String> flywayTables) throws SQLException {
        String ahead = ahead(manifest);
        if (ahead != null) {
            return new Ahead(name, ahead);
        }
        for (String flyway : flywayTables) {
            // Flyway's default table, read already as find reads it, too: against its own set its versions may be ahead
            // where against all sets they are not
            VersionTable t = flyway.equalsIgnoreCase(FLYWAY_DEFAULT) && FLYWAY_DEFAULT.equals(name) ? this
                    : flywayTable(c, dialect, flyway);
            List<Migration> set = t.setOf(manifest.sets());
            ahead = set == null ? null : t.ahead(set);
            if (ahead != null) {
                return new Ahead(flyway, ahead);
            }
        }
        return null;
    }

    /** The Flyway history tables of the connection's schema, whatever the application named them. */
    static List<String> flywayTables(Connection c, Dialect dialect) throws SQLException {
        return dialect.catalog().tablesWithColumns(c, FLYWAY_COLUMNS);
    }

    /** Flyway's history table's columns: it is known by them whatever the application named it. */
    private static final List<String> FLYWAY_COLUMNS = List.of("installed_rank", "version", "script", "checksum", "type",
            "success");

    /** A Flyway history table of the connection's schema, whatever the application called it, with what it records. */
    static VersionTable flywayTable(Connection c, Dialect dialect, String name) throws SQLException {
        String table = dialect.ddl().quote(name);
        return new VersionTable(name, values(c, "SELECT coalesce(version, script) FROM " + table + " WHERE success"),
                values(c, "SELECT version FROM " + table + " WHERE success AND type = 'SQL'"));
    }

    /**
     * The set this table is the history of: the one of whose scripts it records most (each Flyway configuration records
     * its own), or null when it records none of them.
     */
    List<Migration> setOf(List<List<Migration>> sets) {
        List<Migration> best = null;
        int most = 0;
        for (List<Migration> set : sets) {
            int n = (int) set.stream().filter(this::records).count();
            if (n > most) {
                most = n;
                best = set;
            }
        }
        return best;
    }

    /**
     * True when there is a version table, which records each of {@code migrations} that ran (its version; Liquibase's,
     * each changelog file of which a changeSet ran): one it does not imply ({@link #implies}) has not run yet, by the
     * migration tool's account. Liquibase's only where each file it records is one of {@code migrations}: a changelog's
     * {@code logicalFilePath} records a file under a name of its own, and then which file ran is not known. (A
     * changeSet added to a file that ran is told by {@link #changeSetsNotRun}.)
     */
    public boolean recordsEachMigration(List<Migration> migrations) {
        if (name == null) {
            return false;
        }
        if (!liquibase(name)) {
            return true;
        }
        for (String r : new java.util.LinkedHashSet<>(recorded)) { // a row per changeSet: each file once
            if (migrations.stream().noneMatch(m -> sameFile(r, m))) {
                return false;
            }
        }
        return true;
    }

    /** True when the table records this migration itself (its version, or its file for Liquibase). */
    public boolean records(Migration m) {
        for (String r : recorded) {
            if (sameFile(r, m) || sameVersion(m.version(), r)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code recorded} names the file of {@code m}. Liquibase records a file by its path from its search path,
     * SchemaHeal knows it by where it read it (a path on disk, a class path resource): either may be the end of the other.
     */
    private static boolean sameFile(String recorded, Migration m) {
        String file = path(m.fileName());
        String recordedFile = path(recorded);
        return recordedFile.endsWith(file) || file.endsWith("/" + recordedFile);
    }

    /** A file's path as a name to compare: lower case, with {@code /}, without {@code classpath:} and a leading {@code /}. */
    private static String path(String file) {
        String p = file.replace('\\', '/').toLowerCase(Locale.ROOT);
        p = p.startsWith("classpath:") ? p.substring("classpath:".length()) : p;
        return p.startsWith("/") ? p.substring(1) : p;
    }

    /** True when the table records this migration or a later one: the migrator believes it ran. */
    public boolean implies(Migration m) {
        if (m.version().isRepeatable()) {
            return records(m); // it runs whenever it changes: only its own row says it ran
        }
        for (String r : recorded) {
            Version v = parse(r);
            if (v != null && canonical(v).compareTo(canonical(m.version())) >= 0) {
                return true;
            }
        }
        return records(m);
    }

    /**
     * The newest version this table records of a script when it is newer than every versioned migration of {@code manifest}: the
     * database was migrated by a newer release than the application has (a rolled-back deploy, blue/green). Null when
     * it is not, or the table records no versions (Liquibase records files).
     */
    public String ahead(MigrationManifest manifest) {
        return ahead(manifest.migrations());
    }

    /** As {@link #ahead(MigrationManifest)}, against one set of migrations (the one this table is the history of). */
    String ahead(List<Migration> migrations) {
        Version newest = null;
        for (Migration m : migrations) {
            if (!m.version().isRepeatable() && (newest == null || canonical(m.version()).compareTo(newest) > 0)) {
                newest = canonical(m.version());
            }
        }
        if (newest == null) {
            return null;
        }
        String ahead = null;
        Version highest = newest;
        for (String r : scripted) {
            Version v = parse(r);
            if (v != null && canonical(v).compareTo(highest) > 0) {
                highest = canonical(v);
                ahead = r;
            }
        }
        return ahead;
    }

    /** True when {@code recorded} is a version after {@code migration}'s, or is none (a repeatable's runs after all). */
    static boolean after(String recorded, Version migration) {
        Version v = recorded == null ? null : parse(recorded);
        return v == null || migration.isRepeatable() ? v == null : canonical(v).compareTo(canonical(migration)) > 0;
    }

    private static boolean sameVersion(Version migration, String recorded) {
        if (migration.isRepeatable()) {
            return false;
        }
        Version v = parse(recorded);
        return v != null && canonical(v).equals(canonical(migration));
    }

    private static Version parse(String s) {
        try {
            return Version.parse(s);
        } catch (IllegalArgumentException notAVersion) {
            return null;
        }
    }

    /**
     * A version without leading zero parts, so that AgentOS' recorded {@code 0.8.0} and its file
     * {@code v08_chat.sql} (version 8) are the same, as are Flyway's {@code 1.2} and {@code V1_2__}.
     */
    private static Version canonical(Version v) {
        List<BigInteger> parts = new ArrayList<>(v.parts());
        while (parts.size() > 1 && parts.get(0).signum() == 0) {
            parts.remove(0);
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        StringBuilder sb = new StringBuilder();
        for (BigInteger p : parts) {
            sb.append(sb.length() == 0 ? "" : ".").append(p);
        }
        return Version.parse(sb.toString());
    }
}
