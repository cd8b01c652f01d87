package io.schemaheal.heal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The heals one connection keeps until its application's transaction ends: those a lock cut off inside it where DDL
 * is not transactional (MariaDB), those a read-only transaction may not write, and the foreign keys a heal set aside
 * (see {@link ForeignKeysLater}). Its owner runs them when the transaction has ended; until then the owner is held
 * here, because the agent holds a connection's healer only weakly (a collected healer would lose them).
 */
final class TransactionEndHeals {

    /** A heal of {@code key} in {@code schema}, to run now or when the application's transaction ends. */
    record Waiting(String key, String schema, Function<HealRun, HealResult> heal) {
    }

    /** The owners in the process with heals waiting: the agent's cheap gate, and what keeps them alive until they ran. */
    private static final class Owners {
        final Set<Object> all = ConcurrentHashMap.newKeySet();
    }

    private static Set<Object> owners() {
        return io.schemaheal.registry.Registry.ofProcess(Owners.class, Owners::new).all;
    }

    private final Object owner;
    /** By table and schema: one heal of each waits, the latest. */
    private final Map<List<String>, Waiting> waiting = new LinkedHashMap<>();

    TransactionEndHeals(Object owner) {
        this.owner = owner;
    }

    /** True when some connection in this process has heals waiting for its transaction to end. */
    static boolean any() {
        return !owners().isEmpty();
    }

    void add(Waiting heal) {
        synchronized (waiting) {
            waiting.put(java.util.Arrays.asList(heal.key(), heal.schema()), heal); // a schema may be null
            owners().add(owner);
        }
    }

    /** The foreign keys a heal set aside, one waiting heal per table that adds them. */
    void add(List<ForeignKeysLater.SetAside> keys) {
        Map<String, List<ForeignKeysLater.SetAside>> byTable = new LinkedHashMap<>();
        for (ForeignKeysLater.SetAside later : keys) {
            String child = later.key().child().key();
            byTable.computeIfAbsent(later.schema() == null ? child : later.schema() + "." + child, k -> new ArrayList<>())
                    .add(later);
        }
        byTable.forEach((table, fks) -> add(new Waiting("foreign keys of " + table, fks.get(0).schema(),
                r -> r.addSetAside(fks.get(0).key().child().key(), fks.get(0).schema(),
                        fks.stream().map(ForeignKeysLater.SetAside::key).toList()))));
    }

    /** The heals waiting, in the order they came, now the owner's to run; none wait after this. */
    List<Waiting> take() {
        synchronized (waiting) {
            List<Waiting> todo = new ArrayList<>(waiting.values());
            waiting.clear();
            owners().remove(owner);
            return todo;
        }
    }
}
