package io.schemaheal.manifest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flyway's placeholders: {@code ${NAME}} in a script, replaced before the script is read, as Flyway replaced
 * it when it applied the script. Values come from {@code schemaheal.placeholders.NAME}; Flyway's built-ins
 * ({@code ${flyway:defaultSchema}}, {@code user}, {@code database}, {@code timestamp}, {@code filename},
 * {@code table}) have the values Flyway gives them unless a key gives another. Flyway's {@code placeholderPrefix} and
 * {@code placeholderSuffix} ({@code flyway.conf}, {@code spring.flyway.placeholder-prefix}) come as the reserved names
 * {@code flyway:placeholderPrefix} and {@code flyway:placeholderSuffix}: {@code #[NAME]} is then a placeholder instead.
 */
public final class FlywayPlaceholders {

    /** A placeholder as Flyway writes it (default prefix and suffix). */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)}");

    /** The reserved names that carry Flyway's {@code placeholderPrefix} and {@code placeholderSuffix}, when set. */
    public static final String PREFIX = "flyway:placeholderPrefix";
    public static final String SUFFIX = "flyway:placeholderSuffix";

    private static final String DEFAULT_SCHEMA = "flyway:defaultSchema";
    private static final String USER = "flyway:user";
    private static final String DATABASE = "flyway:database";
    /** Not a placeholder: the connection's current schema, where unqualified names of a heal go. */
    private static final String CURRENT_SCHEMA = "schemaheal:currentSchema";
    /** The built-ins whose values come from the connection: a manifest that uses them is read per connection. */
    static final Set<String> OF_THE_CONNECTION = Set.of(DEFAULT_SCHEMA, USER, DATABASE);
    /** Flyway's {@code ${flyway:timestamp}}: when it ran; here, once per process, so that a manifest stays the same. */
    private static final String TIMESTAMP = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    /** Flyway's default schema history table, {@code ${flyway:table}} unless {@code schemaheal.placeholders.flyway:table} says otherwise. */
    private static final String TABLE = "flyway_schema_history";

    private FlywayPlaceholders() {
    }

    /**
     * The values of the built-ins that come from the connection: its current schema ({@code main} on SQLite), its
     * user and its database.
     */
    public static Map<String, String> ofConnection(Connection c, String currentSchema) throws SQLException {
        Map<String, String> values = new HashMap<>();
        String catalog = c.getCatalog();
        String schema = currentSchema != null ? currentSchema : catalog != null ? catalog : "main";
        values.put(DEFAULT_SCHEMA, schema);
        values.put(CURRENT_SCHEMA, schema);
        values.put(DATABASE, catalog != null ? catalog : "main");
        String user = c.getMetaData().getUserName(); // SQLite has none: Flyway's value is empty there too
        values.put(USER, user == null ? "" : user.contains("@") ? user.substring(0, user.indexOf('@')) : user); // MariaDB: user@host
        return values;
    }

    /**
     * {@code text} with each placeholder that has a value replaced; those without stay as written. A name qualified
     * by {@code ${flyway:defaultSchema}} that is the connection's current schema is written unqualified: it is the
     * same object, and the heal then knows it by the name the application's statements use.
     */
    static String replace(String text, Map<String, String> given, String fileName) {
        if (!text.contains(given.getOrDefault(PREFIX, "${"))) {
            return text;
        }
        Matcher m = syntax(given).pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (m.find()) {
            String value = value(m.group(1), given, fileName);
            out.append(text, from, m.start());
            from = m.end();
            if (value != null && m.group(1).equals(DEFAULT_SCHEMA) && value.equals(given.get(CURRENT_SCHEMA))
                    && text.startsWith(".", m.end())) {
                from++; // ${flyway:defaultSchema}.users -> users
            } else {
                out.append(value != null ? value : m.group());
            }
        }
        return out.append(text, from, text.length()).toString();
    }

    /** A placeholder as the scripts write it: {@code ${NAME}}, or with the prefix and suffix {@code given} sets. */
    public static Syntax syntax(Map<String, String> given) {
        String prefix = given.getOrDefault(PREFIX, "${");
        String suffix = given.getOrDefault(SUFFIX, "}");
        return new Syntax(prefix.equals("${") && suffix.equals("}") ? PLACEHOLDER
                : Pattern.compile(Pattern.quote(prefix) + "([A-Za-z0-9_.:-]+)" + Pattern.quote(suffix)));
    }

    /** How one set of scripts writes a placeholder: matched in their text as Flyway matches it, before any SQL is read. */
    public static final class Syntax {
        private final Pattern pattern;

        private Syntax(Pattern pattern) {
            this.pattern = pattern;
        }

        /** The names of the placeholders left in {@code text}, in order. */
        Set<String> left(String text) {
            Set<String> names = new LinkedHashSet<>();
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        /** The first placeholder left in {@code text}, as written ({@code ${admin_email}}) and by name; null for none. */
        public Left firstLeft(String text) {
            Matcher m = pattern.matcher(text);
            return m.find() ? new Left(m.group(), m.group(1)) : null;
        }
    }

    /** A placeholder no value was given for. */
    public record Left(String written, String name) {
    }

    private static String value(String name, Map<String, String> given, String fileName) {
        String value = name.equals(PREFIX) || name.equals(SUFFIX) ? null : given.get(name);
        if (value != null) {
            return value;
        }
        return switch (name) {
            case "flyway:filename" -> fileName.substring(fileName.lastIndexOf('/') + 1);
            case "flyway:timestamp" -> TIMESTAMP;
            case "flyway:table" -> TABLE;
            default -> null;
        };
    }
}
