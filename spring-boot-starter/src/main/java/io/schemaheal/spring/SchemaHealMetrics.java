package io.schemaheal.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.schemaheal.heal.HealListener;
import io.schemaheal.heal.HealListeners;
import org.springframework.beans.factory.DisposableBean;

import java.time.Duration;

/**
 * Counts every heal in Micrometer: counter {@code schemaheal.heals} and timer {@code schemaheal.heal.duration},
 * tagged {@code table} (as the migrations name it) and {@code outcome} ({@code healed}, {@code healed-differs}, {@code healed-column},
 * {@code completed}, {@code refused}, {@code failed}, {@code reported}); and {@code schemaheal.heals.total}, every heal
 * of any table and outcome, which exists (at zero) from start-up. Listens while the context lives, from before
 * {@code heal-on-start} runs (see {@link SchemaHealOnStart}).
 */
final class SchemaHealMetrics implements HealListener, DisposableBean {

    private final MeterRegistry registry;
    private final Counter total;

    SchemaHealMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.total = Counter.builder("schemaheal.heals.total").description("Heals of every table and outcome")
                .register(registry);
        HealListeners.add(this);
    }

    @Override
    public void heal(String table, String outcome, Duration duration) {
        total.increment();
        Counter.builder("schemaheal.heals").description("Heals by table and outcome")
                .tag("table", table).tag("outcome", outcome).register(registry).increment();
        Timer.builder("schemaheal.heal.duration").description("How long heals took")
                .tag("table", table).tag("outcome", outcome).register(registry).record(duration);
    }

    @Override
    public void destroy() {
        HealListeners.remove(this);
    }
}
