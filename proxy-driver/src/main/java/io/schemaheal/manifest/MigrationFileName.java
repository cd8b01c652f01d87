package io.schemaheal.manifest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads version and description from a migration file name, for the conventions SchemaHeal knows:
 * Flyway {@code V1_2__desc.sql}, golang-migrate {@code 000003_desc.up.sql}, and plain numbered files
 * ({@code v08_chat.sql}, {@code schema_v25.sql}, {@code 0003_add_x.sql}; dbmate and goose files are
 * plain numbered files whose content marks the up part).
 *
 * @param version     the version, or null for a file that is not an owner of tables (see {@link #ignored})
 * @param description the description part of the name, may be empty
 * @param convention  which convention matched
 */
public record MigrationFileName(Version version, String description, String convention) {

    private static final Pattern FLYWAY = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.*)\\.sql", Pattern.CASE_INSENSITIVE);
    private static final Pattern FLYWAY_NOT_OWNER = Pattern.compile("(R__.*|U\\d+(?:[._]\\d+)*__.*)\\.sql");
    private static final Pattern GOLANG_MIGRATE = Pattern.compile("(\\d+)_(.*)\\.(up|down)\\.sql", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN = Pattern.compile(
            "(?:[A-Za-z][A-Za-z0-9]*_)?[vV]?(\\d+(?:\\.\\d+)*)(?:[_.-](.*))?\\.sql", Pattern.CASE_INSENSITIVE);

    static final String HOW_TO_NAME = "name migration scripts V<version>__<description>.sql (Flyway), "
            + "<version>_<description>.up.sql (golang-migrate) or v<NN>_<description>.sql / <NNNN>_<description>.sql";

    /** True for a script that is never applied and owns no table: down, undo and repeatable scripts. */
    public boolean ignored() {
        return version == null;
    }

    /**
     * Parses a file name. Returns null for a file that is not a SQL script at all (README.md, a .down.sql is
     * returned as {@link #ignored}); throws IllegalArgumentException naming the file when a {@code .sql}
     * file's version cannot be read.
     */
    public static MigrationFileName parse(String fileName) {
        if (!fileName.toLowerCase().endsWith(".sql")) {
            return null;
        }
        Matcher m = GOLANG_MIGRATE.matcher(fileName);
        if (m.matches()) {
            if (m.group(3).equalsIgnoreCase("down")) {
                return new MigrationFileName(null, m.group(2), "golang-migrate down");
            }
            return new MigrationFileName(Version.parse(m.group(1)), m.group(2), "golang-migrate");
        }
        if (FLYWAY_NOT_OWNER.matcher(fileName).matches()) {
            return new MigrationFileName(null, fileName, "Flyway repeatable/undo");
        }
        m = FLYWAY.matcher(fileName);
        if (m.matches()) {
            return new MigrationFileName(Version.parse(m.group(1)), m.group(2).replace('_', ' '), "Flyway");
        }
        m = PLAIN.matcher(fileName);
        if (m.matches()) {
            String desc = m.group(2) == null ? "" : m.group(2);
            return new MigrationFileName(Version.parse(m.group(1)), desc, "numbered");
        }
        throw new IllegalArgumentException("cannot read a version from the file name '" + fileName + "'; "
                + HOW_TO_NAME + ", or move the file out of the migrations location");
    }
}
