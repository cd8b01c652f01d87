package io.schemaheal.spring;

import io.schemaheal.jdbc.HealingDataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * {@code schemaheal.heal-on-start=true}: when this bean initialises, every healing DataSource heals
 * everything missing (as {@code doctor --fix}; a database holding none of the migrations' tables, a first
 * deployment, is left to the migration tool). Beans created after it see the schema whole.
 */
final class SchemaHealOnStart implements InitializingBean {

    private final ObjectProvider<DataSource> dataSources;
    private final ObjectProvider<SchemaHealMetrics> metrics;

    SchemaHealOnStart(ObjectProvider<DataSource> dataSources, ObjectProvider<SchemaHealMetrics> metrics) {
        this.dataSources = dataSources;
        this.metrics = metrics;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        metrics.ifAvailable(listening -> { }); // counting before the heals, so that these are counted like any other
        for (DataSource ds : dataSources.orderedStream().toList()) {
            if (ds.isWrapperFor(HealingDataSource.class)) {
                ds.unwrap(HealingDataSource.class).healEverythingMissing();
            }
        }
    }
}
