package io.schemaheal.manifest;

import java.util.Set;

/**
 * The version tables of common migrators. SchemaHeal never creates, heals or writes to them: an empty
 * version table would make the application's migrator start over.
 */
public final class VersionTables {

    public static final Set<String> NAMES = Set.of("schema_version", "flyway_schema_history", "schema_migrations",
            "goose_db_version", "databasechangelog", "databasechangeloglock");

    private VersionTables() {
    }

    /** True for a version table's manifest key (lower case), in any schema. */
    public static boolean contains(String key) {
        return NAMES.contains(key.substring(key.indexOf('.') + 1));
    }
}
