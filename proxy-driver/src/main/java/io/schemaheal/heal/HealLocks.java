package io.schemaheal.heal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** The in-process heal lock of each database, by {@link io.schemaheal.dialect.Dialect#databaseKey}. */
final class HealLocks {

    private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private HealLocks() {
    }

    static ReentrantLock of(String databaseKey) {
        return LOCKS.computeIfAbsent(databaseKey, k -> new ReentrantLock());
    }
}
