package io.schemaheal.heal;

import java.time.Duration;

/**
 * Told of every heal's outcome, for metrics and the like (the Spring Boot starter counts them in
 * Micrometer). Found through {@link java.util.ServiceLoader} ({@code META-INF/services/io.schemaheal.heal.HealListener})
 * or added with {@link HealListeners#add}; called on the thread that healed, after the heal, and must not
 * throw (what it throws is ignored).
 */
@FunctionalInterface
public interface HealListener {

    /**
     * One table's outcome.
     *
     * @param table    as the migrations name it ({@code chat_messages}, {@code chat_messages.metadata} for a column)
     * @param outcome  {@code healed}, {@code healed-column}, {@code completed}, {@code refused}, {@code failed} or
     *                 {@code reported} ({@code schemaheal.mode=report})
     * @param duration how long the heal took (zero for {@code reported})
     */
    void heal(String table, String outcome, Duration duration);
}
