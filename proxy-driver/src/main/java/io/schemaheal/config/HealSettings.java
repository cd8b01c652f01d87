package io.schemaheal.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The configuration that applies to one connection, after every source has been consulted and the
 * database kind chosen.
 *
 * @param migrations   migration locations for this database (never empty)
 * @param kind         the {@code schemaheal.db.NAME} that matched the URL, or null
 * @param checksums    the pinned {@code sha256sum}-format file, or null for "any script"
 * @param healUser     account for the heal connection, or null for the application's
 * @param healOnConnect heal everything missing at the first connection to each database ({@code schemaheal.heal-on-connect})
 * @param placeholders Flyway placeholders ({@code schemaheal.placeholders.NAME}): {@code ${NAME}} in the scripts becomes the value
 */
public record HealSettings(Mode mode, List<String> migrations, String kind, Duration lockTimeout,
                           String historyTable, String healUser, String healPassword, Path checksums,
                           boolean healOnConnect, Map<String, String> placeholders) {

    /**
     * In a list of migration locations, between two sets: what follows is a migration chain of its own (its own
     * versions, read after the one before), as two Flyway configurations keep two in one schema.
     */
    public static final String NEXT_SET = ";";

    public HealSettings {
        migrations = List.copyOf(migrations);
        placeholders = Map.copyOf(placeholders);
    }
}
