package io.schemaheal.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves SchemaHeal's configuration for one connection. Sources, first match wins: connection
 * properties, Java system properties, environment variables ({@code SCHEMAHEAL_LOCK_TIMEOUT} for
 * {@code schemaheal.lock-timeout}: upper case, dots and dashes to underscores), the properties file
 * named by {@code schemaheal.config}, {@code schemaheal.properties} on the class path, and last the Flyway
 * configuration file named by {@code schemaheal.flyway-config} (its locations and placeholders).
 */
public final class ConfigResolver {

    public static final String PREFIX = "schemaheal.";
    public static final String MIGRATIONS = "schemaheal.migrations";
    public static final String MODE = "schemaheal.mode";
    public static final String LOCK_TIMEOUT = "schemaheal.lock-timeout";
    public static final String HISTORY_TABLE = "schemaheal.history-table";
    public static final String HEAL_USER = "schemaheal.heal-user";
    public static final String HEAL_PASSWORD = "schemaheal.heal-password";
    public static final String CHECKSUMS = "schemaheal.checksums";
    public static final String CONFIG = "schemaheal.config";
    public static final String HEAL_ON_CONNECT = "schemaheal.heal-on-connect";
    public static final String FLYWAY_CONFIG = "schemaheal.flyway-config";

    /** Every key SchemaHeal reads ({@code schemaheal.db.NAME.*} as written with NAME). */
    public static List<String> keys() {
        return KEYS;
    }

    static final List<String> KEYS = List.of(MIGRATIONS, MODE, LOCK_TIMEOUT, HISTORY_TABLE, HEAL_USER, HEAL_PASSWORD,
            CHECKSUMS, CONFIG, HEAL_ON_CONNECT, FLYWAY_CONFIG, "schemaheal.db.NAME.url", "schemaheal.db.NAME.migrations",
            "schemaheal.placeholders.NAME");

    /** Flyway's placeholders: {@code ${NAME}} in a script is replaced by the value, as Flyway replaced it. */
    private static final String PLACEHOLDERS = "schemaheal.placeholders.";

    /**
     * The patterns of keys and values, compiled when first used: the agent reads the configuration at {@code premain},
     * in a cold JVM, where compiling them all with the class cost some milliseconds of start-up for keys that are mostly
     * never there.
     */
    private static final class Patterns {
        static final Pattern DB_KEY = Pattern.compile("schemaheal\\.db\\.([A-Za-z0-9_-]+)\\.(url|migrations)");
        static final Pattern DB_ENV = Pattern.compile("SCHEMAHEAL_DB_([A-Z0-9_]+?)_(URL|MIGRATIONS)");
        static final Pattern PLACEHOLDER_ENV = Pattern.compile("SCHEMAHEAL_PLACEHOLDERS_(.+)");
        static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);
        static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    }
    /** How a {@code schemaheal.db.NAME.*} key begins. */
    private static final String DB_PREFIX = "schemaheal.db.";

    /** One place configuration is read from. */
    private record Source(String description, Map<String, String> values) {
    }

    private final List<Source> sources;

    private ConfigResolver(List<Source> sources) {
        this.sources = sources;
    }

    /**
     * Reads every source. {@code connectionProperties} may be null. Unknown {@code schemaheal.*} keys are
     * an error (a misspelt key would otherwise silently do nothing).
     */
    public static ConfigResolver load(Properties connectionProperties) throws ConfigException {
        return load(connectionProperties, null);
    }

    /**
     * As {@link #load(Properties)}, where {@code schemaheal.properties} is also looked for through
     * {@code application} (the class loader of the driver being healed: under the agent, the thread may not
     * see the application's resources, a Spring Boot executable jar's {@code BOOT-INF/classes}).
     */
    public static ConfigResolver load(Properties connectionProperties, ClassLoader application) throws ConfigException {
        return load(connectionProperties, System.getProperties(), System.getenv(), application);
    }

    static ConfigResolver load(Properties connectionProperties, Properties system, Map<String, String> env)
            throws ConfigException {
        return load(connectionProperties, system, env, null);
    }

    static ConfigResolver load(Properties connectionProperties, Properties system, Map<String, String> env,
                               ClassLoader application) throws ConfigException {
        List<Source> sources = new ArrayList<>();
        sources.add(new Source("the connection properties", prefixed(connectionProperties)));
        sources.add(new Source("the Java system properties", prefixed(system)));
        sources.add(new Source("the environment", fromEnvironment(env)));
        ConfigResolver early = new ConfigResolver(sources);
        String file = early.value(CONFIG);
        if (file != null) {
            sources.add(new Source("the file " + file + " (schemaheal.config)", readFile(Paths.get(file.strip()))));
        }
        Source classpath = readClasspathFile(application);
        if (classpath != null) {
            sources.add(classpath);
        }
        String flyway = new ConfigResolver(sources).value(FLYWAY_CONFIG);
        if (flyway != null) {
            Path f = Paths.get(flyway.strip());
            sources.add(new Source("the Flyway configuration " + f.toAbsolutePath() + " (schemaheal.flyway-config)",
                    FlywayConfig.read(f)));
        }
        ConfigResolver resolver = new ConfigResolver(List.copyOf(sources));
        resolver.validateKeys();
        return resolver;
    }

    /**
     * The settings for a connection to {@code realUrl}, or null when it is not to be healed: no
     * migrations configured, mode off, or {@code schemaheal.db.*} kinds defined and none matching.
     */
    public HealSettings settingsFor(String realUrl) throws ConfigException {
        Mode mode = Mode.parse(valueOr(MODE, "heal"), where(MODE));
        if (mode == Mode.OFF) {
            return null;
        }
        String kind = null;
        String migrations;
        Set<String> kinds = kindNames();
        if (!kinds.isEmpty()) {
            migrations = null;
            for (String name : kinds) {
                String glob = value("schemaheal.db." + name + ".url");
                String locations = value("schemaheal.db." + name + ".migrations");
                if (glob == null || locations == null) {
                    String missing = glob == null ? ".url" : ".migrations";
                    throw new ConfigException("schemaheal.db." + name + " has no schemaheal.db." + name + missing
                            + "; each database kind needs both a url glob and its migrations");
                }
                if (new UrlGlob(glob.strip()).matches(realUrl)) {
                    kind = name;
                    migrations = locations;
                    break;
                }
            }
            if (migrations == null) {
                return null;
            }
        } else {
            migrations = value(MIGRATIONS);
            if (migrations == null || migrations.isBlank()) {
                return null;
            }
        }
        List<String> locations = locations(VendorLocations.resolve(migrations, realUrl));
        if (locations.isEmpty()) {
            return null;
        }
        String history = valueOr(HISTORY_TABLE, "schemaheal_history").strip();
        if (!Patterns.TABLE_NAME.matcher(history).matches()) {
            throw new ConfigException("schemaheal.history-table '" + history + "' in " + where(HISTORY_TABLE)
                    + " is not a plain table name; use letters, digits and underscores, optionally schema.table");
        }
        String checksums = value(CHECKSUMS);
        return new HealSettings(mode, locations, kind, duration(LOCK_TIMEOUT, valueOr(LOCK_TIMEOUT, "30s")), history,
                value(HEAL_USER), value(HEAL_PASSWORD), checksums == null ? null : Paths.get(checksums.strip()),
                bool(HEAL_ON_CONNECT, valueOr(HEAL_ON_CONNECT, "false")), placeholders());
    }

    /** True for a {@code schemaheal.placeholders.NAME} key (with a NAME). */
    private static boolean isPlaceholder(String key) {
        return key.startsWith(PLACEHOLDERS) && key.length() > PLACEHOLDERS.length();
    }

    /** {@code schemaheal.placeholders.NAME} values by NAME, each from the first source that has it. */
    public Map<String, String> placeholders() {
        Map<String, String> out = new TreeMap<>();
        for (Source s : sources) {
            s.values().forEach((k, v) -> {
                if (isPlaceholder(k)) {
                    out.putIfAbsent(k.substring(PLACEHOLDERS.length()), v);
                }
            });
        }
        return out;
    }

    private boolean bool(String key, String text) throws ConfigException {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key + " is '" + text + "' in " + where(key) + "; use true or false");
        };
    }

    /**
     * Every set of migration locations the configuration names: {@code schemaheal.migrations} and each
     * {@code schemaheal.db.NAME.migrations}. Empty when nothing is configured to heal.
     */
    public List<List<String>> migrationSets() throws ConfigException {
        List<List<String>> sets = new ArrayList<>();
        List<String> names = new ArrayList<>(kindNames());
        if (names.isEmpty()) {
            String m = value(MIGRATIONS);
            if (m != null && !m.isBlank()) {
                sets.add(locations(m));
            }
        }
        for (String name : names) {
            String m = value("schemaheal.db." + name + ".migrations");
            if (m == null || value("schemaheal.db." + name + ".url") == null) {
                throw new ConfigException("schemaheal.db." + name + " needs both schemaheal.db." + name + ".url and "
                        + "schemaheal.db." + name + ".migrations");
            }
            sets.add(locations(m));
        }
        return sets;
    }

    /**
     * The locations of {@code schemaheal.migrations}: comma-separated, and {@code ;} between sets that are each a
     * migration chain of its own in the same schema (two Flyway configurations, each with its versions and history
     * table), marked in the list by {@link HealSettings#NEXT_SET}.
     */
    public static List<String> locations(String value) {
        List<String> out = new ArrayList<>();
        for (String set : value.split(";")) {
            List<String> locations = new ArrayList<>();
            for (String l : set.split(",")) {
                if (!l.isBlank()) {
                    locations.add(l.strip());
                }
            }
            if (!locations.isEmpty()) {
                if (!out.isEmpty()) {
                    out.add(HealSettings.NEXT_SET);
                }
                out.addAll(locations);
            }
        }
        return out;
    }

    /** The raw value of a key from the first source that has it, or null. */
    public String value(String key) {
        for (Source s : sources) {
            String v = s.values().get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private String valueOr(String key, String fallback) {
        String v = value(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    private String where(String key) {
        for (Source s : sources) {
            if (s.values().containsKey(key)) {
                return s.description();
            }
        }
        return "the defaults";
    }

    private Duration duration(String key, String text) throws ConfigException {
        Matcher m = Patterns.DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new ConfigException(key + " is '" + text + "' in " + where(key)
                    + "; use a number with a unit: 500ms, 30s, 2m, 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** Database kinds in alphabetical order of NAME: the first whose glob matches a URL is its kind. */
    private Set<String> kindNames() {
        Set<String> names = new TreeSet<>();
        for (Source s : sources) {
            for (String k : s.values().keySet()) {
                Matcher m = k.startsWith(DB_PREFIX) ? Patterns.DB_KEY.matcher(k) : null;
                if (m != null && m.matches()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private void validateKeys() throws ConfigException {
        for (Source s : sources) {
            for (String k : s.values().keySet()) {
                if (!KEYS.contains(k) && !(k.startsWith(DB_PREFIX) && Patterns.DB_KEY.matcher(k).matches())
                        && !isPlaceholder(k)) {
                    throw new ConfigException("unknown configuration key '" + k + "' in " + s.description()
                            + "; the keys are " + String.join(", ", KEYS));
                }
            }
        }
    }

    /** Removes {@code schemaheal.*} keys, so the real driver never sees them. */
    public static Properties withoutSchemaHealKeys(Properties props) {
        Properties out = new Properties();
        if (props != null) {
            for (String k : props.stringPropertyNames()) {
                if (!k.startsWith(PREFIX)) {
                    out.setProperty(k, props.getProperty(k));
                }
            }
        }
        return out;
    }

    private static Map<String, String> prefixed(Properties props) {
        Map<String, String> out = new java.util.HashMap<>();
        if (props != null) {
            for (String k : props.stringPropertyNames()) {
                if (k.startsWith(PREFIX)) {
                    out.put(k, props.getProperty(k));
                }
            }
        }
        return out;
    }

    private static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String key : KEYS) {
            if (!key.contains("NAME")) {
                String v = env.get(envName(key));
                if (v != null) {
                    out.put(key, v);
                }
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith("SCHEMAHEAL_")) {
                continue; // both patterns begin so
            }
            Matcher p = Patterns.PLACEHOLDER_ENV.matcher(e.getKey());
            if (p.matches()) {
                out.put(PLACEHOLDERS + p.group(1).toLowerCase(Locale.ROOT), e.getValue());
            }
            Matcher m = Patterns.DB_ENV.matcher(e.getKey());
            if (m.matches()) {
                out.put("schemaheal.db." + m.group(1).toLowerCase(Locale.ROOT) + "." + m.group(2).toLowerCase(Locale.ROOT),
                        e.getValue());
            }
        }
        return out;
    }

    /** {@code schemaheal.lock-timeout} → {@code SCHEMAHEAL_LOCK_TIMEOUT}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> readFile(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("schemaheal.config names " + file.toAbsolutePath()
                    + ", which does not exist; create it or correct schemaheal.config");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read " + file.toAbsolutePath() + " (schemaheal.config): " + e.getMessage(), e);
        }
        return prefixed(p);
    }

    /** The first {@code schemaheal.properties} that the thread's, the application's or SchemaHeal's own class loader sees. */
    private static Source readClasspathFile(ClassLoader application) throws ConfigException {
        java.net.URL url = null;
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(), application,
                ConfigResolver.class.getClassLoader()}) {
            if (url == null && loader != null) {
                url = loader.getResource("schemaheal.properties");
            }
        }
        if (url == null) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read " + url + ": " + e.getMessage(), e);
        }
        return new Source(url + " (schemaheal.properties on the class path)", prefixed(p));
    }
}
