package io.schemaheal.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;

/**
 * SchemaHeal for Spring Boot 3 and 4: every DataSource bean heals ({@link HealingDataSourcePostProcessor}), with
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

    /** The application's own Flyway beans, read once they exist, as the migrations when nothing else says where they are. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = HealingDataSourcePostProcessor.FLYWAY)
    static class FlywayBeansMigrations {
        @Bean
        static FlywayBeans schemaHealFlywayBeans(org.springframework.beans.factory.ListableBeanFactory beans,
                                                 HealingDataSourcePostProcessor schemaHealDataSourcePostProcessor) {
            return new FlywayBeans(beans, schemaHealDataSourcePostProcessor);
        }
    }

    /**
     * heal-on-start: after the migration tool, before JPA ({@link HealOnStartOrder}); with or without Flyway, on Boot 3
     * and Boot 4.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = SchemaHealEnvironment.HEAL_ON_START, havingValue = "true")
    static class HealOnStart {
        @Bean(HealOnStartOrder.BEAN)
        SchemaHealOnStart schemaHealOnStart(ObjectProvider<DataSource> dataSources, ObjectProvider<SchemaHealMetrics> metrics) {
            return new SchemaHealOnStart(dataSources, metrics);
        }

        @Bean
        static HealOnStartOrder schemaHealOnStartOrder() {
            return new HealOnStartOrder();
        }
    }
}
