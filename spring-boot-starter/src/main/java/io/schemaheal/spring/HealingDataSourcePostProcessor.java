package io.schemaheal.spring;

import io.schemaheal.jdbc.HealingDataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
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
final class HealingDataSourcePostProcessor implements BeanPostProcessor, BeanFactoryAware {

    /** Flyway's entry point, named: Flyway is optional, and this class is loaded without it. */
    static final String FLYWAY = "org.flywaydb.core.Flyway";

    private final Environment environment;
    private final ClassLoader loader;
    private volatile Properties properties;
    /** Whether to wrap at all, decided at the first DataSource: null until then. */
    private volatile Boolean wrap;
    private volatile boolean implicit;
    /**
     * The migrations are the application's own Flyway beans', read once they exist ({@link FlywayBeans}); until then the
     * wrapper heals nothing (those beans migrate through it).
     */
    private volatile boolean awaitingFlywayBeans;
    private ListableBeanFactory beans;

    HealingDataSourcePostProcessor(Environment environment, ClassLoader loader) {
        this.environment = environment;
        this.loader = loader;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        beans = beanFactory instanceof ListableBeanFactory l ? l : null;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !(bean instanceof HealingDataSource) && wrap()) {
            Properties p = properties();
            if (awaitingFlywayBeans) {
                p = (Properties) p.clone();
                p.remove(io.schemaheal.config.ConfigResolver.MIGRATIONS);
            }
            return new HealingDataSource(dataSource, p, implicit);
        }
        return bean;
    }

    /** True when nothing in the Environment says where the migrations are (see {@link SchemaHealEnvironment#implicit}). */
    boolean implicit() {
        wrap();
        return implicit;
    }

    /** True when the application defines Flyway beans (made later than its DataSources, which they migrate). */
    private boolean flywayBeansDefined() {
        try {
            return beans != null && beans.getBeanNamesForType(Class.forName(FLYWAY, false, loader), true, false).length > 0;
        } catch (ClassNotFoundException noFlyway) {
            return false;
        }
    }

    private boolean wrap() {
        Boolean w = wrap;
        if (w == null) {
            Properties p = properties();
            implicit = SchemaHealEnvironment.implicit(environment, p);
            String locations = SchemaHealEnvironment.forDataSourceUrl(environment,
                    p.getProperty(io.schemaheal.config.ConfigResolver.MIGRATIONS));
            w = !(implicit && locations != null && SchemaHealEnvironment.locationsMissing(locations, loader));
            if (!w && flywayBeansDefined()) {
                awaitingFlywayBeans = true; // its Flyway beans say where the migrations are, once they exist
                w = true;
            }
            if (!w) {
                org.apache.commons.logging.LogFactory.getLog(HealingDataSourcePostProcessor.class).info("SchemaHeal does not "
                        + "heal this application's DataSources: no migrations at " + locations + " (set schemaheal.migrations, "
                        + "or spring.flyway.locations, to where they are)");
            }
            wrap = w;
        }
        return w;
    }

    /** The settings the Environment gives ({@code schemaheal.*}, and Boot's Flyway keys where they stand for them). */
    Properties properties() {
        Properties p = properties;
        if (p == null) {
            p = SchemaHealEnvironment.properties(environment, loader);
            properties = p;
        }
        return p;
    }
}
