package io.schemaheal.manifest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How Flyway names the application's scripts: {@code sqlMigrationPrefix} ({@code V}), {@code sqlMigrationSeparator}
 * ({@code __}), {@code sqlMigrationSuffixes} ({@code .sql}) and {@code repeatableSqlMigrationPrefix} ({@code R}), as
 * {@code flyway.conf}, {@code flyway.toml} or Spring's {@code spring.flyway.*} set them. They travel with Flyway's
 * placeholders, under the reserved names {@code flyway:sqlMigrationPrefix} and so on (both shape how a script reads).
 * A script named the application's way is read as if it were named Flyway's default way.
 */
record FlywayNaming(String prefix, String separator, List<String> suffixes, String repeatablePrefix) {

    static final FlywayNaming DEFAULT = new FlywayNaming("V", "__", List.of(".sql"), "R");

    /** The naming the reserved {@code flyway:*} entries of {@code settings} give; Flyway's defaults for the rest. */
    static FlywayNaming of(Map<String, String> settings) {
        String suffixes = settings.get("flyway:sqlMigrationSuffixes");
        FlywayNaming n = new FlywayNaming(settings.getOrDefault("flyway:sqlMigrationPrefix", "V"),
                settings.getOrDefault("flyway:sqlMigrationSeparator", "__"),
                suffixes == null ? List.of(".sql") : Arrays.stream(suffixes.split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList(),
                settings.getOrDefault("flyway:repeatableSqlMigrationPrefix", "R"));
        return n.equals(DEFAULT) ? DEFAULT : n;
    }

    /**
     * {@code path} with its file name in Flyway's default form when it is a script of this naming
     * ({@code sub/M1_2-users.pgsql} with prefix {@code M}, separator {@code -}, suffix {@code .pgsql}:
     * {@code sub/V1_2__users.sql}); unchanged otherwise.
     */
    String standard(String path) {
        if (this == DEFAULT) {
            return path;
        }
        int slash = path.lastIndexOf('/');
        String dir = path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        String suffix = suffixes.stream().filter(name::endsWith).findFirst().orElse(null);
        if (suffix == null) {
            return path;
        }
        String stem = name.substring(0, name.length() - suffix.length());
        if (stem.startsWith(repeatablePrefix + separator)) {
            return dir + "R__" + stem.substring(repeatablePrefix.length() + separator.length()) + ".sql";
        }
        int cut = stem.indexOf(separator, prefix.length());
        if (stem.startsWith(prefix) && cut > prefix.length()) {
            String version = stem.substring(prefix.length(), cut);
            if (version.matches("\\d+(?:[._]\\d+)*")) {
                return dir + "V" + version + "__" + stem.substring(cut + separator.length()) + ".sql";
            }
        }
        return path;
    }
}
