package io.schemaheal.heal;

import io.schemaheal.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The back-off of failed heals, on the registry's clock (no test waits for it): 1 s after a failure, twice as long after
 * each further one up to a minute, 1 s each time for a failure of the moment; per database; cleared by a success or by
 * another set of migrations.
 */
class HealBackoffTest {

    private Instant now = Instant.parse("2026-12-06T12:00:00Z");
    private final Object manifest = new Object();

    /** Table orders, healed in the connection's schema by the application's account. */
    private static final HealBackoff.Held ORDERS = new HealBackoff.Held(null, null, "orders");

    private void at(Instant t) {
        now = t;
        Registry.useClock(Clock.fixed(now, ZoneOffset.UTC));
    }

    private void after(Duration d) {
        at(now.plus(d));
    }

    @AfterEach
    void realTime() {
        Registry.useClock(Clock.systemUTC());
        Registry.forgetAll();
    }

    @Test
    void eachFailureDoublesTheWaitUpToAMinute() {
        at(now);
        HealBackoff.failed("db-a", ORDERS, manifest, "no rights", false);
        String blocked = HealBackoff.blocked("db-a", ORDERS, manifest);
        assertTrue(blocked != null && blocked.contains("no rights") && blocked.contains("2026-12-06T12:00:01Z"), blocked);
        assertNull(HealBackoff.blocked("db-b", ORDERS, manifest), "another database is not held back");
        after(Duration.ofMillis(1001));
        assertNull(HealBackoff.blocked("db-a", ORDERS, manifest), "after 1 s it may be tried again");
        HealBackoff.failed("db-a", ORDERS, manifest, "no rights", false);
        after(Duration.ofMillis(1500));
        assertNotNull(HealBackoff.blocked("db-a", ORDERS, manifest), "the second wait is 2 s");
        after(Duration.ofMillis(501));
        assertNull(HealBackoff.blocked("db-a", ORDERS, manifest));
        for (int i = 0; i < 10; i++) {
            HealBackoff.failed("db-a", ORDERS, manifest, "no rights", false);
        }
        after(Duration.ofSeconds(59));
        assertNotNull(HealBackoff.blocked("db-a", ORDERS, manifest));
        after(Duration.ofMillis(1001));
        assertNull(HealBackoff.blocked("db-a", ORDERS, manifest), "never longer than a minute");
    }

    @Test
    void aMomentaryFailureWaitsOneSecondAndASuccessOrNewMigrationsClearIt() {
        at(now);
        for (int i = 0; i < 3; i++) {
            HealBackoff.failed("db-a", ORDERS, manifest, "lock not granted", true);
        }
        after(Duration.ofMillis(1001));
        assertNull(HealBackoff.blocked("db-a", ORDERS, manifest), "a failure of the moment does not grow");
        HealBackoff.failed("db-a", ORDERS, manifest, "no rights", false);
        assertNull(HealBackoff.blocked("db-a", ORDERS, new Object()), "other migrations: tried at once");
        HealBackoff.succeeded("db-a", ORDERS);
        assertNull(HealBackoff.blocked("db-a", ORDERS, manifest));
    }
}
