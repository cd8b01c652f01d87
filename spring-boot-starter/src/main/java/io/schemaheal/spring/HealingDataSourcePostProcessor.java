package io.schemaheal.spring;

import io.schemaheal.jdbc.HealingDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.Properties;

/**
 * Wraps every {@link DataSource} bean in a {@link HealingDataSource} with the Environment's settings. The
 * wrapper unwraps to what it wraps ({@code unwrap(HikariDataSource.class)}), so Boot's pool metrics and
 * health still find their pool. Where nothing asks SchemaHeal in (no {@code schemaheal.migrations}), it stays out of
 * the way: no wrapper when the default migrations location is not there, and a database it does not heal (H2)
 * passes through; either is said once, at INFO.
 */
final class HealingDataSourcePostProcessor implements BeanPostProcessor {

    private final Environment environment;
    private final ClassLoader loader;
    private volatile Properties properties;
    /** Whether to wrap at all, decided at the first DataSource: null until then. */
    private volatile Boolean wrap;
    private volatile boolean implicit;

    HealingDataSourcePostProcessor(Environment environment, ClassLoader loader) {
        this.environment = environment;
        this.loader = loader;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !(bean instanceof HealingDataSource) && wrap()) {
            return new HealingDataSource(dataSource, properties(), implicit);
        }
        return bean;
    }

    private boolean wrap() {
        Boolean w = wrap;
        if (w == null) {
            Properties p = properties();
            implicit = SchemaHealEnvironment.implicit(environment, p);
            String locations = SchemaHealEnvironment.forDataSourceUrl(environment,
                    p.getProperty(io.schemaheal.config.ConfigResolver.MIGRATIONS));
            w = !(implicit && locations != null && SchemaHealEnvironment.locationsMissing(locations, loader));
            if (!w) {
                org.apache.commons.logging.LogFactory.getLog(HealingDataSourcePostProcessor.class).info("SchemaHeal does not "
                        + "heal this application's DataSources: no migrations at " + locations + " (set schemaheal.migrations, "
                        + "or spring.flyway.locations, to where they are)");
            }
            wrap = w;
        }
        return w;
    }

    private Properties properties() {
        Properties p = properties;
        if (p == null) {
            p = SchemaHealEnvironment.properties(environment, loader);
            properties = p;
        }
        return p;
    }
}
