package io.schemaheal.spring;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import javax.sql.DataSource;
import java.util.Map;

/** {@link SchemaHealHealth} in Spring Boot 4's health API ({@code org.springframework.boot.health.contributor}). */
final class Boot4HealthIndicator extends AbstractHealthIndicator {

    private static final Status DRIFT = new Status(SchemaHealHealth.DRIFT, SchemaHealHealth.DRIFT_DESCRIPTION);

    private final Map<String, DataSource> dataSources;

    Boot4HealthIndicator(Map<String, DataSource> dataSources) {
        super(SchemaHealHealth.UNEXAMINED);
        this.dataSources = dataSources;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        SchemaHealHealth health = SchemaHealHealth.of(dataSources);
        builder.withDetails(health.details()).status(health.drift() ? DRIFT : Status.UP);
    }
}
