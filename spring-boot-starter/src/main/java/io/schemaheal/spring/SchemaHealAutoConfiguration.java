package io.schemaheal.spring;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.autoconfigure.orm.jpa.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;

/**
 * SchemaHeal for Spring Boot 3: every DataSource bean heals ({@link HealingDataSourcePostProcessor}), with
 * {@code schemaheal.*} from the Spring Environment. {@code schemaheal.enabled=false} turns it off.
 */
@AutoConfiguration
@ConditionalOnClass(DataSource.class)
@ConditionalOnProperty(name = SchemaHealEnvironment.ENABLED, havingValue = "true", matchIfMissing = true)
public class SchemaHealAutoConfiguration {

    @Bean
    static HealingDataSourcePostProcessor schemaHealDataSourcePostProcessor(Environment environment,
                                                                          org.springframework.core.io.ResourceLoader resources) {
        return new HealingDataSourcePostProcessor(environment, resources.getClassLoader());
    }

    /** heal-on-start after Boot's Flyway has migrated: a first deployment is Flyway's, drift is then ours. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Flyway.class)
    @ConditionalOnProperty(name = SchemaHealEnvironment.HEAL_ON_START, havingValue = "true")
    static class AfterFlyway {
        @Bean
        SchemaHealOnStart schemaHealOnStart(ObjectProvider<DataSource> dataSources,
                                            ObjectProvider<FlywayMigrationInitializer> flyway,
                                            ObjectProvider<SchemaHealMetrics> metrics) {
            flyway.ifAvailable(initializer -> { }); // created, so migrated, before the heal
            return new SchemaHealOnStart(dataSources, metrics);
        }
    }

    /**
     * heal-on-start before JPA builds its {@code EntityManagerFactory}: Hibernate's {@code ddl-auto=validate}
     * then checks a whole schema.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.orm.jpa.AbstractEntityManagerFactoryBean")
    @ConditionalOnProperty(name = SchemaHealEnvironment.HEAL_ON_START, havingValue = "true")
    static class BeforeJpa {
        @Bean
        static EntityManagerFactoryDependsOnPostProcessor schemaHealBeforeEntityManagerFactory() {
            return new EntityManagerFactoryDependsOnPostProcessor("schemaHealOnStart");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.flywaydb.core.Flyway")
    @ConditionalOnProperty(name = SchemaHealEnvironment.HEAL_ON_START, havingValue = "true")
    static class WithoutFlyway {
        @Bean
        SchemaHealOnStart schemaHealOnStart(ObjectProvider<DataSource> dataSources,
                                            ObjectProvider<SchemaHealMetrics> metrics) {
            return new SchemaHealOnStart(dataSources, metrics);
        }
    }
}
