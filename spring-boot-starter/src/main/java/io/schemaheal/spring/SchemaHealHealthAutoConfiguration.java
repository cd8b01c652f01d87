package io.schemaheal.spring;

import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.util.Map;

/** Actuator: the health contributor {@code schemaheal} (bean {@code schemahealHealthIndicator}) and the endpoint {@code schemaheal}. */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnProperty(name = SchemaHealEnvironment.ENABLED, havingValue = "true", matchIfMissing = true)
public class SchemaHealHealthAutoConfiguration {

    @Bean
    HealthIndicator schemahealHealthIndicator(Map<String, DataSource> dataSources) {
        return new SchemaHealHealthIndicator(dataSources);
    }

    @Bean
    SchemaHealEndpoint schemaHealEndpoint(Map<String, DataSource> dataSources) {
        return new SchemaHealEndpoint(dataSources);
    }
}
