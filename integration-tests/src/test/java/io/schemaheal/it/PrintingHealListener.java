package io.schemaheal.it;

import io.schemaheal.heal.HealListener;

import java.time.Duration;

/**
 * An application's {@link HealListener}, found through {@code META-INF/services}: prints each heal outcome
 * when {@code -Dtest.print-heals=true} (the agent tests' child JVMs), and does nothing otherwise.
 */
public final class PrintingHealListener implements HealListener {

    @Override
    public void heal(String table, String outcome, Duration duration) {
        if (Boolean.getBoolean("test.print-heals")) {
            System.out.println("heal event: " + table + " " + outcome);
        }
    }
}
