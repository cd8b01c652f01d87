package io.schemaheal.heal;

import io.schemaheal.log.HealLog;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/** The {@link HealListener}s of this process: those {@link ServiceLoader} finds, and those added. */
public final class HealListeners {

    private final List<HealListener> listeners = new CopyOnWriteArrayList<>();

    private HealListeners() {
        try {
            ServiceLoader.load(HealListener.class, HealListeners.class.getClassLoader()).forEach(listeners::add);
        } catch (RuntimeException | LinkageError broken) {
            HealLog.get().warn("could not load a HealListener: {}", broken.toString());
        }
    }

    /** The process's listeners, in its {@link io.schemaheal.registry.Registry}; found by {@link ServiceLoader} at first use. */
    private static List<HealListener> all() {
        return io.schemaheal.registry.Registry.ofProcess(HealListeners.class, HealListeners::new).listeners;
    }

    public static void add(HealListener listener) {
        all().add(listener);
    }

    public static void remove(HealListener listener) {
        all().remove(listener);
    }

    static void tell(String table, String outcome, Duration duration) {
        for (HealListener l : all()) {
            try {
                l.heal(table, outcome, duration);
            } catch (RuntimeException ignored) {
                // a listener's failure is not the heal's
            }
        }
    }
}
