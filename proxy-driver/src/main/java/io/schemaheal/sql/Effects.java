package io.schemaheal.sql;

import java.util.Set;

/**
 * What a statement can do to relations beyond the one it creates, as far as its text shows: the
 * relations it (or its body: a trigger's, a function's, a {@code DO} block's) writes, alters or drops,
 * the functions it calls, and why some effect cannot be read at all (dynamic SQL), or null.
 *
 * @param writes     keys of the relations written, altered, truncated or dropped
 * @param calls      lower-case names of the functions and procedures it calls
 * @param unreadable why its effects cannot be known from its text, or null when they can
 */
public record Effects(Set<String> writes, Set<String> calls, String unreadable) {

    public static final Effects NONE = new Effects(Set.of(), Set.of(), null);

    public Effects {
        writes = Set.copyOf(writes);
        calls = Set.copyOf(calls);
    }
}
