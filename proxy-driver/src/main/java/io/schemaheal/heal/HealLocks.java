package io.schemaheal.heal;

import java.util.concurrent.locks.ReentrantLock;

/** The in-process heal lock of each database, by {@link io.schemaheal.dialect.Dialect#databaseKey}, in the registry. */
final class HealLocks {

    private HealLocks() {
    }

    static ReentrantLock of(String databaseKey) {
        return io.schemaheal.registry.Registry.ofDatabase(databaseKey, ReentrantLock.class, ReentrantLock::new);
    }
}
