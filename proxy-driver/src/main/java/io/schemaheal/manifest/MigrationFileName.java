package io.schemaheal.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads version and description from a migration file name, for the conventions SchemaHeal knows:
 * Flyway {@code V1_2__desc.sql}, golang-migrate {@code 000003_desc.up.sql}, a folder per migration (diesel
 * {@code 2022-01-01-000000_desc/up.sql}, Prisma {@code 20220101000000_desc/migration.sql}), and plain numbered files
 * ({@code v08_chat.sql}, {@code schema_v25.sql}, {@code 0003_add_x.sql}; dbmate and goose files are
 * plain numbered files whose content marks the up part). In any of them a database marker before the
 * suffix ({@code 0001_init.postgres.up.sql}, {@code V2__x.sqlite.sql}) says the file is for that database only.
 *
 * @param version     the version, or null for a file that is not an owner of tables (see {@link #ignored})
 * @param description the description part of the name, may be empty
 * @param convention  which convention matched
 * @param database    the database the file is marked for ({@code postgresql}, {@code mariadb}, {@code sqlite}, or
 *                    the marker of one SchemaHeal does not heal, such as {@code cockroach}); null for every database
 */
public record MigrationFileName(Version version, String description, String convention, String database) {

    private static final Pattern FLYWAY = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.*)\\.sql", Pattern.CASE_INSENSITIVE);
    private static final Pattern FLYWAY_UNDO = Pattern.compile("U\\d+(?:[._]\\d+)*__.*\\.sql");
    /** Flyway's repeatable migration: its views, functions and triggers heal from its latest body. */
    private static final Pattern FLYWAY_REPEATABLE = Pattern.compile("R__(.*)\\.sql");
    private static final Pattern GOLANG_MIGRATE = Pattern.compile("(\\d+)_(.*)\\.(up|down)\\.sql", Pattern.CASE_INSENSITIVE);
    /** Flyway's SQL callbacks ({@code beforeMigrate.sql}, {@code afterMigrate__grants.sql}, ...): they own nothing. */
    private static final Pattern FLYWAY_CALLBACK = Pattern.compile(
            "(?:before|after)[A-Z][A-Za-z]*(?:__.*)?\\.sql|createSchema(?:__.*)?\\.sql");
    /** A down script of any version syntax ({@code V0001.Initial_Schema.down.sql}): never applied. */
    private static final Pattern DOWN = Pattern.compile(".*\\.down\\.sql", Pattern.CASE_INSENSITIVE);
    /** The up script of an up/down pair of any version syntax: read as if {@code .up} were not there. */
    private static final Pattern UP = Pattern.compile("(.*)\\.up\\.sql", Pattern.CASE_INSENSITIVE);
    /** The scripts a folder that is one migration holds: diesel's up and down, Prisma's one. */
    private static final List<String> MIGRATION_FOLDER_FILES = List.of("up.sql", "down.sql", "migration.sql");
    /**
     * A folder that is one migration: diesel's {@code 2022-01-01-000000_name}, Prisma's
     * {@code 20220101000000_name}; the version is the folder name's digits.
     */
    private static final String MIGRATION_FOLDER = "(\\d[\\d_-]*\\d)_([^/]*)";
    /** A script of such a folder, read as {@code folder/up.sql} (see {@link MigrationLocation}). */
    private static final Pattern FOLDER_PER_MIGRATION = Pattern.compile(MIGRATION_FOLDER + "/("
            + String.join("|", MIGRATION_FOLDER_FILES.stream().map(Pattern::quote).toList()) + ")");
    /** The convention of a {@code .sql} file whose version cannot be read: ignored, with a warning. */
    public static final String UNREADABLE = "unreadable name";
    private static final Pattern PLAIN = Pattern.compile(
            "(?:[A-Za-z][A-Za-z0-9]*_)?[vV]?(\\d+(?:\\.\\d+)*)(?:[_.-](.*))?\\.sql", Pattern.CASE_INSENSITIVE);

    /**
     * Database markers as migration tools write them, by the dialect name ({@code Dialect.name()}) of the database
     * that reads the file; a marker of a database SchemaHeal does not heal names itself, so that such files are
     * never read.
     */
    private static final Map<String, String> DATABASE_MARKERS = Map.ofEntries(
            Map.entry("postgres", "postgresql"), Map.entry("postgresql", "postgresql"), Map.entry("pg", "postgresql"),
            Map.entry("pgsql", "postgresql"), Map.entry("mysql", "mariadb"), Map.entry("mariadb", "mariadb"),
            Map.entry("sqlite", "sqlite"), Map.entry("sqlite3", "sqlite"), Map.entry("cockroach", "cockroach"),
            Map.entry("cockroachdb", "cockroach"), Map.entry("crdb", "cockroach"), Map.entry("sqlserver", "sqlserver"),
            Map.entry("mssql", "sqlserver"), Map.entry("oracle", "oracle"), Map.entry("h2", "h2"),
            Map.entry("hsqldb", "hsqldb"), Map.entry("derby", "derby"), Map.entry("db2", "db2"),
            Map.entry("clickhouse", "clickhouse"), Map.entry("spanner", "spanner"), Map.entry("snowflake", "snowflake"),
            Map.entry("redshift", "redshift"), Map.entry("tidb", "tidb"), Map.entry("yugabyte", "yugabytedb"),
            Map.entry("yugabytedb", "yugabytedb"), Map.entry("duckdb", "duckdb"), Map.entry("firebird", "firebird"));
    /**
     * {@code name.MARKER.sql}, {@code name.MARKER.up.sql}: the marker and what is around it; Ory's popx may write
     * {@code .autocommit} after the marker ({@code name.postgres.autocommit.up.sql}: run outside a transaction).
     */
    private static final Pattern MARKED = Pattern.compile("(.+?)\\.([A-Za-z0-9]+)(?:\\.autocommit)?(\\.(?:up|down))?\\.sql",
            Pattern.CASE_INSENSITIVE);

    static final String HOW_TO_NAME = "name migration scripts V<version>__<description>.sql (Flyway), "
            + "<version>_<description>.up.sql (golang-migrate) or v<NN>_<description>.sql / <NNNN>_<description>.sql";

    MigrationFileName(Version version, String description, String convention) {
        this(version, description, convention, null);
    }

    /** A Liquibase formatted SQL file, {@code order}th in the order Liquibase runs the location's files. */
    static MigrationFileName liquibase(String fileName, int order) {
        return new MigrationFileName(Version.parse(String.valueOf(order)), fileName, "Liquibase formatted SQL");
    }

    /**
     * A location that is one file without a version in its name (dbmate's {@code schema.sql}, a pg_dump, Spring's
     * {@code schema.sql} and {@code data.sql}): the {@code ordinal}-th such location listed is version {@code ordinal}.
     */
    static MigrationFileName schemaDump(String fileName, int ordinal) {
        return new MigrationFileName(Version.parse(String.valueOf(ordinal)), fileName, "schema dump");
    }

    /**
     * Why a connection to {@code database} (a dialect name; null: not known yet) does not read this file as a
     * migration, or null when it does.
     */
    public String ignoredBecause(String database) {
        if (this.database != null && !this.database.equals(database)) {
            return "marked for " + this.database + (database == null ? " only: read by connections to " + this.database
                    : ", not for " + database);
        }
        if (version != null) {
            return null;
        }
        return switch (convention) {
            case UNREADABLE -> unreadableReason();
            case FLYWAY_CALLBACK_CONVENTION -> "a Flyway callback: it owns nothing and a heal never applies it";
            case "Flyway undo" -> "a Flyway undo script: never applied";
            default -> "a down script: never applied";
        };
    }

    /** True for a script of Flyway's naming: the kind Flyway finds in the sub-folders of a location too. */
    boolean flyway() {
        return convention.startsWith("Flyway");
    }

    /** goose's name for a migration written in Go: its version, an underscore, a name; a Go test file is none. */
    private static final Pattern GO_MIGRATION = Pattern.compile("(\\d+)_[^/]*\\.go");

    /** The version of a goose migration written in Go ({@code 00002_backfill.go}), or null when the file is none. */
    static Version goMigrationVersion(String fileName) {
        Matcher m = GO_MIGRATION.matcher(fileName);
        return m.matches() && !fileName.endsWith("_test.go") ? Version.parse(m.group(1)) : null;
    }

    /** True for a Flyway SQL callback ({@code afterMigrate.sql}, ...): Flyway runs it, a heal never applies it. */
    public boolean isFlywayCallback() {
        return FLYWAY_CALLBACK_CONVENTION.equals(convention);
    }

    private static final String FLYWAY_CALLBACK_CONVENTION = "Flyway callback";

    /** True for a script that is never applied and owns nothing: down and undo scripts, callbacks. */
    public boolean ignored() {
        return version == null;
    }

    /** Why a {@code .sql} file of this name is ignored with a warning (its version cannot be read), or null. */
    public String unreadableReason() {
        return convention.equals(UNREADABLE) ? "cannot read a version from the file name '" + description + "'; "
                + HOW_TO_NAME + ", or move the file out of the migrations location" : null;
    }

    /**
     * Parses a file name. Returns null for a file that is not a SQL script at all (README.md); down, undo,
     * callback scripts, and a {@code .sql} file whose version cannot be read (see
     * {@link #unreadableReason}), are returned as {@link #ignored}: one file SchemaHeal does not understand
     * never fails the set. A path ({@code sub/V2__x.sql}) is a file in a sub-folder of the location, where only
     * Flyway's scripts are read (Flyway scans locations recursively; no other tool does): null for any other.
     */
    public static MigrationFileName parse(String fileName) {
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".sql")) {
            return null;
        }
        int slash = fileName.lastIndexOf('/');
        if (slash >= 0 && !FOLDER_PER_MIGRATION.matcher(fileName).matches()) {
            // a file in a sub-folder of the location: Flyway reads its own kinds of script there, no other tool does
            MigrationFileName nested = parse(fileName.substring(slash + 1));
            return nested != null && nested.flyway() ? nested : null;
        }
        Matcher marked = MARKED.matcher(fileName);
        if (marked.matches() && slash < 0) {
            String database = DATABASE_MARKERS.get(marked.group(2).toLowerCase(Locale.ROOT));
            if (database != null) {
                MigrationFileName unmarked = parseUnmarked(marked.group(1)
                        + (marked.group(3) == null ? "" : marked.group(3)) + ".sql");
                return new MigrationFileName(unmarked.version, unmarked.description, unmarked.convention, database);
            }
        }
        return parseUnmarked(fileName);
    }

    private static MigrationFileName parseUnmarked(String fileName) {
        Matcher folder = FOLDER_PER_MIGRATION.matcher(fileName);
        if (folder.matches()) {
            Version version = Version.parse(folder.group(1).replaceAll("[-_]", ""));
            return switch (folder.group(3)) {
                case "down.sql" -> new MigrationFileName(null, folder.group(2), "diesel down");
                case "up.sql" -> new MigrationFileName(version, folder.group(2), "diesel");
                default -> new MigrationFileName(version, folder.group(2), "Prisma");
            };
        }
        if (FLYWAY_CALLBACK.matcher(fileName).matches()) {
            return new MigrationFileName(null, fileName, FLYWAY_CALLBACK_CONVENTION);
        }
        Matcher m = GOLANG_MIGRATE.matcher(fileName);
        if (m.matches()) {
            if (m.group(3).equalsIgnoreCase("down")) {
                return new MigrationFileName(null, m.group(2), "golang-migrate down");
            }
            return new MigrationFileName(Version.parse(m.group(1)), m.group(2), "golang-migrate");
        }
        Matcher repeatable = FLYWAY_REPEATABLE.matcher(fileName);
        if (repeatable.matches()) {
            return new MigrationFileName(Version.repeatable(repeatable.group(1)), repeatable.group(1).replace('_', ' '),
                    "Flyway repeatable");
        }
        if (FLYWAY_UNDO.matcher(fileName).matches()) {
            return new MigrationFileName(null, fileName, "Flyway undo");
        }
        if (DOWN.matcher(fileName).matches()) {
            return new MigrationFileName(null, fileName, "down");
        }
        Matcher up = UP.matcher(fileName);
        String name = up.matches() ? up.group(1) + ".sql" : fileName;
        m = FLYWAY.matcher(name);
        if (m.matches()) {
            return new MigrationFileName(Version.parse(m.group(1)), m.group(2).replace('_', ' '), "Flyway");
        }
        m = PLAIN.matcher(name);
        if (m.matches()) {
            String desc = m.group(2) == null ? "" : m.group(2);
            return new MigrationFileName(Version.parse(m.group(1)), desc, "numbered");
        }
        return new MigrationFileName(null, fileName, UNREADABLE);
    }
}
