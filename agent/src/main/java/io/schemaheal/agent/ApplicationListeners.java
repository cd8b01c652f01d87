package io.schemaheal.agent;

import io.schemaheal.heal.HealListener;
import io.schemaheal.heal.HealListeners;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ServiceLoader;

/**
 * The agent runs its own, relocated copy of the engine, so an application's {@code HealListener}s — which
 * implement the interface of the application's schemaheal-jdbc — are not the agent's to load. They are
 * found through the class loader of each healed driver, as the application's ServiceLoader finds them, and
 * told of the agent's heals through that interface.
 */
final class ApplicationListeners {

    /** Built at run time: the shade plugin rewrites the literal to the agent's relocated copy's name. */
    private static final String INTERFACE = String.join(".", "io", "schemaheal", "heal", "HealListener");

    private ApplicationListeners() {
    }

    /** Adds the application's listeners that {@code loader} sees, once per loader and listener class. */
    static void bridge(ClassLoader loader) {
        if (loader == null || !AgentState.get().listenerLoaders.add(loader)) {
            return;
        }
        try {
            Class<?> api = Class.forName(INTERFACE, false, loader);
            if (api == HealListener.class) {
                return; // the agent's own interface (an unrelocated build): its ServiceLoader found them already
            }
            Method heal = api.getMethod("heal", String.class, String.class, Duration.class);
            for (Object listener : ServiceLoader.load(api, loader)) {
                if (AgentState.get().listenersTold.add(listener.getClass())) {
                    HealListeners.add((table, outcome, duration) -> {
                        try {
                            heal.invoke(listener, table, outcome, duration);
                        } catch (ReflectiveOperationException | RuntimeException ignored) {
                            // a listener's failure is not the heal's
                        }
                    });
                }
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException none) {
            // the application has no schemaheal-jdbc, or its listeners cannot be loaded: nobody to tell
        }
    }
}
