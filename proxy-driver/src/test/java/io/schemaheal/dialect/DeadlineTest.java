package io.schemaheal.dialect;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A heal's deadline counts on the monotonic clock: what is left shrinks, never below zero, whatever the wall clock does. */
class DeadlineTest {

    @Test
    void whatIsLeftShrinksToZeroAndThenItHasPassed() throws InterruptedException {
        Deadline ahead = Deadline.in(Duration.ofSeconds(30));
        assertFalse(ahead.passed());
        assertTrue(ahead.left().compareTo(Duration.ofSeconds(30)) <= 0 && ahead.left().compareTo(Duration.ofSeconds(29)) > 0,
                String.valueOf(ahead.left()));
        Deadline now = Deadline.in(Duration.ZERO);
        Thread.sleep(2);
        assertTrue(now.passed());
        assertEquals(Duration.ZERO, now.left(), "never negative: a wait of what is left waits not at all");
    }
}
