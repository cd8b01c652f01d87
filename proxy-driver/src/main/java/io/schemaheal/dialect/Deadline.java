package io.schemaheal.dialect;

import java.time.Duration;

/**
 * When a heal's waits end: {@code schemaheal.lock-timeout} after it began, on the JVM's monotonic clock
 * ({@link System#nanoTime}), so that a wall clock set back (NTP, a VM resumed) lengthens no wait and one set forward
 * cuts none short.
 *
 * @param nanos the {@link System#nanoTime} at which the waits end
 */
public record Deadline(long nanos) {

    /** The deadline {@code timeout} from now. */
    public static Deadline in(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** What is left until the deadline; zero once it has passed. */
    public Duration left() {
        return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
    }

    /** True once the deadline has passed. */
    public boolean passed() {
        return nanos - System.nanoTime() < 0;
    }
}
