package io.schemaheal.spring;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import javax.sql.DataSource;
import java.util.Map;

/** {@link SchemaHealHealth} in Spring Boot 3's health API ({@code org.springframework.boot.actuate.health}). */
final class Boot3HealthIndicator extends AbstractHealthIndicator {

    private static final Status DRIFT = new Status(SchemaHealHealth.DRIFT, SchemaHealHealth.DRIFT_DESCRIPTION);

    private final Map<String, DataSource> dataSources;

    Boot3HealthIndicator(Map<String, DataSource> dataSources) {
        super(SchemaHealHealth.UNEXAMINED);
        this.dataSources = dataSources;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        SchemaHealHealth health = SchemaHealHealth.of(dataSources);
        builder.withDetails(health.details()).status(health.drift() ? DRIFT : Status.UP);
    }
}
