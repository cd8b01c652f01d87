package io.schemaheal.manifest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Manifests built once per location set and kept for the life of the JVM. A set that fails to build
 * is not cached: the next connection tries again, so a fixed script is picked up without a restart.
 */
public final class ManifestCache {

    private record Key(List<String> locations, Map<String, String> placeholders, String database) {
    }

    /** The manifests, in the process's {@link io.schemaheal.registry.Registry}. */
    private final ConcurrentHashMap<Key, MigrationManifest> built = new ConcurrentHashMap<>();

    private ManifestCache() {
    }

    private static ManifestCache process() {
        return io.schemaheal.registry.Registry.ofProcess(ManifestCache.class, ManifestCache::new);
    }

    /**
     * @param placeholders Flyway placeholders: {@code ${NAME}} in the scripts becomes the value
     * @param database     the dialect name of the database whose marked files are read; null: only unmarked files
     */
    public static MigrationManifest get(List<String> locations, Map<String, String> placeholders, String database)
            throws ManifestException {
        Key key = new Key(locations.stream().map(l -> l.equals(io.schemaheal.config.HealSettings.NEXT_SET) ? l
                : MigrationLocation.parse(l).spec()).toList(), Map.copyOf(placeholders),
                database);
        ManifestCache cache = process();
        MigrationManifest m = cache.built.get(key);
        if (m != null) {
            return m;
        }
        synchronized (cache) {
            m = cache.built.get(key);
            if (m == null) {
                m = MigrationManifest.build(key.locations(), key.placeholders(), key.database());
                cache.built.put(key, m);
            }
            return m;
        }
    }

    /** Forgets every manifest (tests that rewrite scripts in place). */
    public static void clear() {
        process().built.clear();
    }
}
