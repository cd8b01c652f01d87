package io.schemaheal.heal;

import io.schemaheal.registry.Registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * After a heal of a table fails (a broken script, no rights, a lock not granted), the table is not tried
 * again on every call: the next attempt waits 1 s, then twice as long after each further failure, up to
 * a minute. A failure of the moment (a lock not granted in time, a deadlock: see
 * {@link io.schemaheal.dialect.DatabaseErrors#momentary}) waits 1 s each time, without growing: long enough that
 * a transaction retrying at once does not wait on its own locks again, short enough that the table heals
 * as soon as they are gone. The application gets its original exception with the failure's reason and
 * when the next attempt will be. A heal that succeeds, or a change of the migrations (another manifest),
 * clears it.
 */
final class HealBackoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofMinutes(1);

    private record Failure(Object manifest, String reason, Instant until, Duration delay) {
    }

    /**
     * What backs off together: one table healed in one schema by one account (a heal user may well succeed where the
     * application's account failed, and the same table in another schema is another table).
     */
    record Held(String healUser, String schema, String table) {
    }

    /** The database's failed heals. */
    private final Map<Held, Failure> failures = new ConcurrentHashMap<>();

    private HealBackoff() {
    }

    private static Map<Held, Failure> of(String databaseKey) {
        return Registry.ofDatabase(databaseKey, HealBackoff.class, HealBackoff::new).failures;
    }

    /** Why the table is not to be healed now ("its last heal failed (...); it tries again after ..."), or null. */
    static String blocked(String databaseKey, Held held, Object manifest) {
        Failure f = of(databaseKey).get(held);
        if (f == null || f.manifest() != manifest || Registry.clock().instant().isAfter(f.until())) {
            return null;
        }
        return "its last heal failed (" + f.reason() + "); it tries again after " + f.until();
    }

    static void failed(String databaseKey, Held held, Object manifest, String reason, boolean momentary) {
        of(databaseKey).compute(held, (k, before) -> {
            Duration wait = momentary || before == null || before.manifest() != manifest ? FIRST
                    : before.delay().multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : before.delay().multipliedBy(2);
            return new Failure(manifest, reason, Registry.clock().instant().plus(wait), wait);
        });
    }

    static void succeeded(String databaseKey, Held held) {
        of(databaseKey).remove(held);
    }
}
