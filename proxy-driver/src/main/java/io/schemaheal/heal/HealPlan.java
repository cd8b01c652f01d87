package io.schemaheal.heal;

import io.schemaheal.manifest.Migration;
import io.schemaheal.manifest.MigrationManifest.Entry;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What healing one missing relation takes: the statements, in migration order, that bring it (and the
 * missing relations it needs) to the end state its migrations describe.
 *
 * @param target           the relation that was found missing (manifest key)
 * @param steps            the statements, ordered as the migrations order them
 * @param relations        every relation the plan creates: the target and its missing dependencies
 * @param notHealable      why the relation cannot be healed (its history ends in a drop or rename), or null
 * @param foreignKeys      foreign keys of relations that exist, which an earlier heal set aside (see {@link ForeignKeysLater}):
 *                         added, and their rows checked
 */
public record HealPlan(String target, List<Step> steps, Set<String> relations, String notHealable,
                       List<EndState.ForeignKeyTo> foreignKeys) {

    /** One statement of the plan, and the relation it was planned for. */
    public record Step(Entry entry, String relation) {
    }

    public HealPlan {
        steps = List.copyOf(steps);
        relations = Collections.unmodifiableSet(new LinkedHashSet<>(relations));
        foreignKeys = List.copyOf(foreignKeys);
    }

    public HealPlan(String target, List<Step> steps, Set<String> relations, String notHealable) {
        this(target, steps, relations, notHealable, List.of());
    }

    /** Adds the foreign keys of {@code table} that a heal set aside. */
    static HealPlan foreignKeys(String table, List<EndState.ForeignKeyTo> keys) {
        return new HealPlan(table, List.of(), Set.of(table), null, keys);
    }

    /** The target of a column heal: {@code table:column} (a table's key may itself hold a dot, its schema). */
    static String columnTarget(String table, String column) {
        return table + ":" + column;
    }

    /** True for the target of a column heal. */
    static boolean isColumn(String target) {
        return target.indexOf(':') >= 0;
    }

    /** The table of a column heal's target. */
    static String tableOf(String target) {
        return target.substring(0, target.lastIndexOf(':'));
    }

    /** A target as messages and history rows name it: {@code chat_messages}, {@code chat_messages.metadata}. */
    static String display(String target) {
        return target.replace(':', '.');
    }

    static HealPlan notHealable(String target, String reason) {
        return new HealPlan(target, List.of(), Set.of(target), reason);
    }

    /** The migrations the plan takes statements from, in order. */
    public Set<Migration> migrations() {
        Set<Migration> out = new LinkedHashSet<>();
        for (Step s : steps) {
            out.add(s.entry().migration());
        }
        for (EndState.ForeignKeyTo fk : foreignKeys) {
            out.add(fk.entry().migration());
        }
        return out;
    }
}
