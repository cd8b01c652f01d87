package io.schemaheal.registry;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one place where SchemaHeal keeps state for the life of the process. Per database in use (by its key, {@code
 * Dialect.databaseKey}): one object of each kind that keeps what the process knows of it — its heal lock, the back-off
 * of its failed heals, the SQL known to work there, whether its interrupted heals were looked for — made at first use,
 * as HikariCP's pool owns its state. For the process: the manifests built, the checksum pins read, the listeners, the
 * memory bound of what is remembered over all databases. And the clock that back-off and history read (the waits
 * themselves are bounded in real time: a lock timeout is the database's). Nothing else in the engine keeps state in a
 * static field ({@code ArchitectureTest}); tests set the clock and forget everything here.
 */
public final class Registry {

    private static final ConcurrentHashMap<String, ConcurrentHashMap<Class<?>, Object>> DATABASES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Class<?>, Object> PROCESS = new ConcurrentHashMap<>();
    private static volatile Clock clock = Clock.systemUTC();

    private Registry() {
    }

    /** The {@code type} object of the database {@code databaseKey}, made by {@code make} at its first use. */
    public static <T> T ofDatabase(String databaseKey, Class<T> type, Supplier<? extends T> make) {
        ConcurrentHashMap<Class<?>, Object> objects = DATABASES.get(databaseKey); // a guard's lookup per statement: no lock
        return of(objects != null ? objects : DATABASES.computeIfAbsent(databaseKey, k -> new ConcurrentHashMap<>()), type, make);
    }

    /** The {@code type} object of the process, made by {@code make} at its first use. */
    public static <T> T ofProcess(Class<T> type, Supplier<? extends T> make) {
        return of(PROCESS, type, make);
    }

    private static <T> T of(ConcurrentHashMap<Class<?>, Object> objects, Class<T> type, Supplier<? extends T> make) {
        Object known = objects.get(type);
        return type.cast(known != null ? known : objects.computeIfAbsent(type, t -> make.get()));
    }

    /** The clock of back-off and history times. */
    public static Clock clock() {
        return clock;
    }

    /** Sets the clock (tests: a back-off that ends without waiting for it). */
    public static void useClock(Clock c) {
        clock = c;
    }

    /** Forgets every database's state and the process's (tests that rewrite scripts in place, or start afresh). */
    public static void forgetAll() {
        DATABASES.clear();
        PROCESS.clear();
    }
}
