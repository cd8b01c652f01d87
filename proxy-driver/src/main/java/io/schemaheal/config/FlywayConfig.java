package io.schemaheal.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A Flyway configuration file ({@code flyway.conf}, or {@code flyway.toml} of Flyway 10 and later) read for what a
 * heal needs of it, as SchemaHeal keys: {@code locations} (as {@code schemaheal.migrations}; a relative
 * {@code filesystem:} location is relative to the working directory, as Flyway takes it), {@code placeholders.*}, and
 * {@code defaultSchema} (or the first of {@code schemas}) as the value of {@code ${flyway:defaultSchema}},
 * {@code placeholderPrefix} and {@code placeholderSuffix} (see {@code FlywayPlaceholders}), and how the scripts are
 * named ({@code sqlMigrationPrefix}, {@code sqlMigrationSeparator}, {@code sqlMigrationSuffixes},
 * {@code repeatableSqlMigrationPrefix}; see {@code FlywayNaming}).
 */
final class FlywayConfig {

    private FlywayConfig() {
    }

    /** The file's settings as {@code schemaheal.*} keys. */
    static Map<String, String> read(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("schemaheal.flyway-config names " + file.toAbsolutePath() + ", which does not exist; "
                    + "point it at the application's flyway.conf or flyway.toml");
        }
        Map<String, String> flyway;
        try {
            flyway = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".toml")
                    ? toml(Files.readString(file, StandardCharsets.UTF_8)) : conf(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read " + file.toAbsolutePath() + " (schemaheal.flyway-config): " + e.getMessage(), e);
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : flyway.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            switch (key) {
                case "locations" -> out.put(ConfigResolver.MIGRATIONS, value);
                case "defaultSchema" -> out.put("schemaheal.placeholders.flyway:defaultSchema", value);
                case "schemas" -> out.putIfAbsent("schemaheal.placeholders.flyway:defaultSchema", value.split(",")[0].strip());
                case "placeholderPrefix", "placeholderSuffix" -> out.put("schemaheal.placeholders.flyway:" + key, value);
                case "placeholderReplacement" -> {
                    if (value.strip().equalsIgnoreCase("false")) {
                        throw new ConfigException(file.toAbsolutePath() + " sets placeholderReplacement to false; SchemaHeal "
                                + "reads scripts with Flyway's placeholders replaced: leave schemaheal.flyway-config out and "
                                + "heal from schemaheal.migrations");
                    }
                }
                // how the scripts are named: read as Flyway reads them (see FlywayNaming)
                case "sqlMigrationPrefix", "sqlMigrationSeparator", "sqlMigrationSuffixes", "repeatableSqlMigrationPrefix" ->
                        out.put("schemaheal.placeholders.flyway:" + key, value.strip());
                default -> {
                    if (key.startsWith("placeholders.") && key.length() > "placeholders.".length()) {
                        out.put("schemaheal." + key, value);
                    }
                }
            }
        }
        if (!out.containsKey(ConfigResolver.MIGRATIONS)) {
            out.put(ConfigResolver.MIGRATIONS, "filesystem:sql"); // Flyway's default location
        }
        return out;
    }

    /** {@code flyway.conf}: Java properties, keys {@code flyway.*}. */
    private static Map<String, String> conf(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> out = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("flyway.")) {
                out.put(k.substring("flyway.".length()), p.getProperty(k).strip());
            }
        }
        return out;
    }

    /**
     * {@code flyway.toml}: the {@code [flyway]} table and its {@code [flyway.placeholders]}; strings, and arrays of
     * strings (joined with commas). Other tables ({@code [environments.*]}) are not a heal's concern.
     */
    static Map<String, String> toml(String text) {
        Map<String, String> out = new HashMap<>();
        String table = "";
        for (String raw : text.split("\n")) {
            String line = withoutComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                table = line.replaceAll("^\\[+|]+$", "").strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not a TOML key = value line: " + raw.strip());
            }
            String key = unquote(line.substring(0, eq).strip());
            String value = line.substring(eq + 1).strip();
            String full = table.isEmpty() ? key : table + "." + key;
            if (full.startsWith("flyway.")) {
                out.put(full.substring("flyway.".length()), value.startsWith("[") ? String.join(",", array(value)) : unquote(value));
            }
        }
        return out;
    }

    private static List<String> array(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.substring(1, value.lastIndexOf(']')).split(",")) {
            if (!part.isBlank()) {
                out.add(unquote(part.strip()));
            }
        }
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
                ? s.substring(1, s.length() - 1) : s;
    }

    /** The line without a {@code #} comment outside quotes. */
    private static String withoutComment(String line) {
        char quote = 0;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, k);
            }
        }
        return line;
    }
}
