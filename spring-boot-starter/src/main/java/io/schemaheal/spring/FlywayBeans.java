package io.schemaheal.spring;

import io.schemaheal.config.ConfigResolver;
import io.schemaheal.config.HealSettings;
import io.schemaheal.jdbc.HealingDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.Configuration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The application's own Flyway beans as SchemaHeal's migrations, when nothing says otherwise ({@code schemaheal.migrations}
 * unset): each bean that migrates a healing DataSource is one set of its own ({@code ;} between sets: Netflix Conductor
 * keeps two Flyway configurations, each with its own history table, in one schema), its locations as it has them,
 * its placeholders too. Read once every singleton exists (the beans migrate through the DataSource as they are made).
 * Boot's own Flyway bean alone changes nothing: {@code spring.flyway.*}, read already, says the same.
 */
final class FlywayBeans implements SmartInitializingSingleton {

    private static final Log LOG = LogFactory.getLog(FlywayBeans.class);

    /** The bean Boot makes of {@code spring.flyway.*}: those settings say the same, and are read already. */
    private static final String BOOTS_FLYWAY = "flyway";

    private final ListableBeanFactory beans;
    private final HealingDataSourcePostProcessor wrapper;

    FlywayBeans(ListableBeanFactory beans, HealingDataSourcePostProcessor wrapper) {
        this.beans = beans;
        this.wrapper = wrapper;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!wrapper.implicit()) {
            return; // schemaheal.migrations (or schemaheal.db.*) says where they are
        }
        Map<String, Flyway> flyways = beans.getBeansOfType(Flyway.class, true, false);
        if (flyways.isEmpty()) {
            return;
        }
        for (DataSource d : beans.getBeansOfType(DataSource.class, true, false).values()) {
            if (d instanceof HealingDataSource healing) {
                Map<String, Configuration> sets = new LinkedHashMap<>();
                flyways.forEach((name, f) -> {
                    if (f.getConfiguration().getDataSource() == healing) {
                        sets.put(name, f.getConfiguration());
                    }
                });
                if (!sets.isEmpty() && !sets.keySet().equals(java.util.Set.of(BOOTS_FLYWAY))) {
                    use(healing, List.copyOf(sets.values()));
                }
            }
        }
    }

    /** Heals {@code healing} from the sets of these Flyway configurations, in the order the beans were defined. */
    private void use(HealingDataSource healing, List<Configuration> sets) {
        String migrations = sets.stream().map(c -> Arrays.stream(c.getLocations()).map(Location::getDescriptor)
                .collect(Collectors.joining(","))).collect(Collectors.joining(HealSettings.NEXT_SET));
        Properties settings = wrapper.properties();
        if (migrations.equals(settings.getProperty(ConfigResolver.MIGRATIONS))) {
            return; // Boot's own Flyway, as spring.flyway.* said
        }
        Properties p = (Properties) settings.clone();
        p.setProperty(ConfigResolver.MIGRATIONS, migrations);
        Map<String, String> placeholders = new LinkedHashMap<>();
        List<String> conflicting = new ArrayList<>();
        for (Configuration c : sets) {
            c.getPlaceholders().forEach((name, value) -> {
                String before = placeholders.putIfAbsent(name, value);
                if (before != null && !before.equals(value)) {
                    conflicting.add(name);
                }
            });
        }
        conflicting.forEach(placeholders::remove);
        placeholders.forEach((name, value) -> p.setProperty("schemaheal.placeholders." + name, value));
        healing.reconfigure(p);
        LOG.info("SchemaHeal heals from the application's " + sets.size() + " Flyway configuration(s): " + migrations
                + (conflicting.isEmpty() ? "" : "; the placeholders " + conflicting + " differ between them and are left "
                + "unset: set schemaheal.placeholders.NAME"));
    }
}
