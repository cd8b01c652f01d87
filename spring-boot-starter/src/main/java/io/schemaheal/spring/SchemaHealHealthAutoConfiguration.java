package io.schemaheal.spring;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Actuator: the endpoint {@code schemaheal} and the health contributor {@code schemaheal} (bean
 * {@code schemahealHealthIndicator}) in the health API of the Boot that runs: Boot 3's
 * {@code org.springframework.boot.actuate.health}, or Boot 4's {@code org.springframework.boot.health.contributor}.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnClass(Endpoint.class)
@ConditionalOnProperty(name = SchemaHealEnvironment.ENABLED, havingValue = "true", matchIfMissing = true)
public class SchemaHealHealthAutoConfiguration {

    @Bean
    SchemaHealEndpoint schemaHealEndpoint(Map<String, DataSource> dataSources) {
        return new SchemaHealEndpoint(dataSources);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
    static class Boot3Health {
        @Bean(SchemaHealHealth.BEAN)
        Boot3HealthIndicator schemahealHealthIndicator(Map<String, DataSource> dataSources) {
            return new Boot3HealthIndicator(dataSources);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.actuate.health.AbstractHealthIndicator") // Boot 3 with both
    static class Boot4Health {
        @Bean(SchemaHealHealth.BEAN)
        Boot4HealthIndicator schemahealHealthIndicator(Map<String, DataSource> dataSources) {
            return new Boot4HealthIndicator(dataSources);
        }
    }
}
