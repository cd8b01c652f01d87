package io.schemaheal.spring;

import io.schemaheal.config.ConfigResolver;
import io.schemaheal.config.VendorLocations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * SchemaHeal's settings as the Spring Environment has them: every {@code schemaheal.*} key from
 * {@code application.properties}/{@code .yml}, profiles, system properties and the environment, with
 * Spring's relaxed names ({@code SCHEMAHEAL_LOCK_TIMEOUT}). The migrations default to Boot's Flyway
 * locations ({@code spring.flyway.locations}), else {@code classpath:db/migration}, and the placeholders to
 * Flyway's ({@code spring.flyway.placeholders.*}). The starter's own keys
 * ({@code enabled}, {@code heal-on-start}) are not passed on.
 */
final class SchemaHealEnvironment {

    static final String ENABLED = "schemaheal.enabled";
    static final String HEAL_ON_START = "schemaheal.heal-on-start";
    private static final String DEFAULT_LOCATION = "classpath:db/migration";

    private SchemaHealEnvironment() {
    }

    /**
     * True when nothing in the Environment asks SchemaHeal to heal: no {@code schemaheal.migrations} and no
     * {@code schemaheal.db.*}, so the migrations are Boot's Flyway locations or the default. Then the starter stays out
     * of the way where there is nothing to heal from (see {@link #locationsMissing}) or a database it does not heal.
     */
    static boolean implicit(Environment environment, Properties settings) {
        return environment.getProperty(ConfigResolver.MIGRATIONS) == null
                && settings.stringPropertyNames().stream().noneMatch(k -> k.startsWith("schemaheal.db."));
    }

    /**
     * True when none of the locations (comma-separated, {@code classpath:} or {@code filesystem:}) is there; one with
     * Boot's {@code {vendor}} is there when it is for any database SchemaHeal heals.
     */
    static boolean locationsMissing(String locations, ClassLoader loader) {
        for (String l : locations.split(",")) {
            for (String location : VendorLocations.candidates(l.strip())) {
                if (exists(location, loader)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean exists(String l, ClassLoader loader) {
        return l.startsWith("classpath:")
                ? new org.springframework.core.io.ClassPathResource(l.substring("classpath:".length()), loader).exists()
                : java.nio.file.Files.exists(java.nio.file.Path.of(l.startsWith("filesystem:") ? l.substring("filesystem:".length()) : l));
    }

    /**
     * {@code locations} for the application's DataSource: Boot's {@code {vendor}} read from {@code spring.datasource.url}
     * where it is set (the connection resolves it again, for each database).
     */
    static String forDataSourceUrl(Environment environment, String locations) {
        String url = environment.getProperty("spring.datasource.url");
        return locations == null || url == null ? locations : VendorLocations.resolve(locations, url);
    }

    /**
     * Spring's own schema and data scripts ({@code spring.sql.init.schema-locations}, {@code data-locations}, with their
     * defaults {@code schema-${platform}.sql}, {@code schema.sql}, ...) as SchemaHeal locations, when Spring runs them
     * ({@code spring.sql.init.mode=always}): the schema scripts, then the data scripts, in Spring's order, those that
     * exist. Each is one file: the first is version 1, the next 2, and so on.
     */
    static List<String> sqlInitScripts(Environment environment, ClassLoader loader) {
        if (!"always".equalsIgnoreCase(environment.getProperty("spring.sql.init.mode", "embedded").strip())) {
            return List.of();
        }
        String platform = environment.getProperty("spring.sql.init.platform", "all");
        Binder binder = Binder.get(environment);
        List<String> out = new java.util.ArrayList<>();
        for (String kind : List.of("schema", "data")) {
            List<String> scripts = binder.bind("spring.sql.init." + kind + "-locations", Bindable.listOf(String.class))
                    .orElse(List.of("optional:classpath*:" + kind + "-" + platform + ".sql", "optional:classpath*:" + kind + ".sql"));
            for (String script : scripts) {
                String location = asLocation(script.strip());
                if (!out.contains(location) && !locationsMissing(location, loader)) {
                    out.add(location);
                }
            }
        }
        return out;
    }

    /** A Spring resource name as a SchemaHeal location: {@code classpath*:} and bare names on the class path, {@code file:} on disk. */
    private static String asLocation(String resource) {
        String r = resource.startsWith("optional:") ? resource.substring("optional:".length()) : resource;
        if (r.startsWith("classpath*:")) {
            return "classpath:" + r.substring("classpath*:".length());
        }
        if (r.startsWith("file:")) {
            return "filesystem:" + r.substring("file:".length());
        }
        return r.startsWith("classpath:") ? r : "classpath:" + r;
    }

    static Properties properties(Environment environment, ClassLoader loader) {
        Properties p = new Properties();
        for (String key : ConfigResolver.keys()) {
            String value = key.contains(".NAME") ? null : environment.getProperty(key);
            if (value != null) {
                p.setProperty(key, value);
            }
        }
        Binder binder = Binder.get(environment);
        Map<String, String> kinds = binder.bind("schemaheal.db", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        kinds.forEach((nameAndKey, value) -> p.setProperty("schemaheal.db." + nameAndKey, value));
        // Flyway's placeholders: SchemaHeal's own, else those Boot gives Flyway (the scripts were applied with them)
        Map<String, String> placeholders = binder.bind("schemaheal.placeholders", Bindable.mapOf(String.class, String.class))
                .orElseGet(() -> binder.bind("spring.flyway.placeholders", Bindable.mapOf(String.class, String.class))
                        .orElse(Map.of()));
        placeholders.forEach((name, value) -> p.setProperty("schemaheal.placeholders." + name, value));
        // what Boot gives Flyway of how scripts read: the placeholders' form (#[NAME]) and the scripts' naming
        String[][] howScriptsRead = {{"placeholder-prefix", "placeholderPrefix"}, {"placeholder-suffix", "placeholderSuffix"},
                {"sql-migration-prefix", "sqlMigrationPrefix"}, {"sql-migration-separator", "sqlMigrationSeparator"},
                {"sql-migration-suffixes", "sqlMigrationSuffixes"},
                {"repeatable-sql-migration-prefix", "repeatableSqlMigrationPrefix"}};
        for (String[] key : howScriptsRead) {
            String value = environment.getProperty("spring.flyway." + key[0]);
            if (value != null) {
                p.putIfAbsent("schemaheal.placeholders.flyway:" + key[1], value);
            }
        }
        if (!p.containsKey(ConfigResolver.MIGRATIONS) && kinds.isEmpty()) {
            // Boot's Flyway locations where they are there, else Spring's own schema and data scripts where Spring runs them
            List<String> flyway = binder.bind("spring.flyway.locations", Bindable.listOf(String.class)).orElse(List.of());
            String locations = flyway.isEmpty() ? DEFAULT_LOCATION : String.join(",", flyway);
            if (locationsMissing(forDataSourceUrl(environment, locations), loader)) {
                List<String> scripts = sqlInitScripts(environment, loader);
                locations = scripts.isEmpty() ? locations : String.join(",", scripts);
            }
            p.setProperty(ConfigResolver.MIGRATIONS, locations);
        }
        return p;
    }
}
