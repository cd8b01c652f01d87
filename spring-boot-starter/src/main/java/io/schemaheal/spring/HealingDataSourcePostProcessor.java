package io.schemaheal.spring;

import io.schemaheal.jdbc.HealingDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.Properties;

/**
 * Wraps every {@link DataSource} bean in a {@link HealingDataSource} with the Environment's settings. The
 * wrapper unwraps to what it wraps ({@code unwrap(HikariDataSource.class)}), so Boot's pool metrics and
 * health still find their pool.
 */
final class HealingDataSourcePostProcessor implements BeanPostProcessor {

    private final Environment environment;
    private volatile Properties properties;

    HealingDataSourcePostProcessor(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !(bean instanceof HealingDataSource)) {
            return new HealingDataSource(dataSource, properties());
        }
        return bean;
    }

    private Properties properties() {
        Properties p = properties;
        if (p == null) {
            p = SchemaHealEnvironment.properties(environment);
            properties = p;
        }
        return p;
    }
}
