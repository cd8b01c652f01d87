package io.schemaheal.spring;

import io.schemaheal.jdbc.HealingDataSource;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Actuator endpoint {@code schemaheal} ({@code /actuator/schemaheal} when exposed): the newest heals of each
 * healing DataSource, from its history table, newest first.
 */
@Endpoint(id = "schemaheal")
public class SchemaHealEndpoint {

    static final int NEWEST = 50;

    private final Map<String, DataSource> dataSources;

    SchemaHealEndpoint(Map<String, DataSource> dataSources) {
        this.dataSources = dataSources;
    }

    @ReadOperation
    public Map<String, List<Map<String, Object>>> heals() throws SQLException {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Map.Entry<String, DataSource> e : dataSources.entrySet()) {
            if (e.getValue().isWrapperFor(HealingDataSource.class)) {
                out.put(e.getKey(), e.getValue().unwrap(HealingDataSource.class).recentHeals(NEWEST));
            }
        }
        return out;
    }
}
