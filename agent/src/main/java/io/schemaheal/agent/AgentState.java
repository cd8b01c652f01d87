package io.schemaheal.agent;

import io.schemaheal.registry.Registry;

import java.sql.Connection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent keeps for the life of the process, in one object the engine's {@link Registry} holds (as it holds the
 * engine's own): connections and classes are held weakly, so that what an application lets go leaves nothing behind.
 */
final class AgentState {

    /**
     * Per connection: {@link AgentHooks#NOT_HEALED} (not configured, or its setup failed), or a weak reference to its
     * Healer (a Healer holds its connection: kept strongly, the entry could never be cleared).
     */
    final Map<Connection, Object> healers = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * How the application logged in, per connection a driver returned: a heal that may not run on the application's
     * connection (its transaction is read-only, or holds locks) runs on a connection the agent opens the same way, as
     * the application's own account. In memory only, never logged.
     */
    final Map<Connection, AgentHooks.Login> logins = Collections.synchronizedMap(new WeakHashMap<>());
    /** The URLs whose first connection has healed on connect ({@code schemaheal.heal-on-connect}). */
    final Set<String> connected = ConcurrentHashMap.newKeySet();
    /** Per URL: the database key whose known-good SQL guards consult, or {@link AgentHooks#NOT_GUARDED}. */
    final Map<String, String> guarded = new ConcurrentHashMap<>();
    /** What has been logged once. */
    final Set<String> logged = ConcurrentHashMap.newKeySet();
    /** The class loaders whose {@code HealListener}s have been looked for, and the listener classes told of. */
    final Set<ClassLoader> listenerLoaders = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    final Set<Class<?>> listenersTold = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    static AgentState get() {
        return Registry.ofProcess(AgentState.class, AgentState::new);
    }
}
