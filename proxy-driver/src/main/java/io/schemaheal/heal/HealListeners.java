package io.schemaheal.heal;

import io.schemaheal.log.HealLog;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/** The {@link HealListener}s of this process: those {@link ServiceLoader} finds, and those added. */
public final class HealListeners {

    private static final List<HealListener> LISTENERS = new CopyOnWriteArrayList<>();

    static {
        try {
            ServiceLoader.load(HealListener.class, HealListeners.class.getClassLoader()).forEach(LISTENERS::add);
        } catch (RuntimeException | LinkageError broken) {
            HealLog.get().warn("could not load a HealListener: {}", broken.toString());
        }
    }

    private HealListeners() {
    }

    public static void add(HealListener listener) {
        LISTENERS.add(listener);
    }

    public static void remove(HealListener listener) {
        LISTENERS.remove(listener);
    }

    static void tell(String table, String outcome, Duration duration) {
        for (HealListener l : LISTENERS) {
            try {
                l.heal(table, outcome, duration);
            } catch (RuntimeException ignored) {
                // a listener's failure is not the heal's
            }
        }
    }
}
