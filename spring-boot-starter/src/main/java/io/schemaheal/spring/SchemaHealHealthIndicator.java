package io.schemaheal.spring;

import io.schemaheal.doctor.DoctorReport;
import io.schemaheal.jdbc.HealingDataSource;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Actuator health contributor {@code schemaheal}: the doctor in report mode on each healing DataSource
 * (nothing is healed, nothing is counted in the metrics). {@code UP} when nothing of the migrations' end
 * state is missing; otherwise {@link #DRIFT}, with the missing objects in the details. The application still
 * serves and heals on use, so DRIFT is not DOWN: the aggregate health and its probes stay up unless the
 * status is mapped otherwise ({@code management.endpoint.health.status.order}).
 */
final class SchemaHealHealthIndicator extends AbstractHealthIndicator {

    static final Status DRIFT = new Status("DRIFT", "objects of the migrations' end state are missing; "
            + "SchemaHeal heals them when they are used");

    private final Map<String, DataSource> dataSources;

    SchemaHealHealthIndicator(Map<String, DataSource> dataSources) {
        super("SchemaHeal could not examine the database");
        this.dataSources = dataSources;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        boolean drift = false;
        for (Map.Entry<String, DataSource> e : dataSources.entrySet()) {
            if (!e.getValue().isWrapperFor(HealingDataSource.class)) {
                continue;
            }
            DoctorReport report = e.getValue().unwrap(HealingDataSource.class).examine();
            if (report == null) {
                continue;
            }
            List<String> missing = new ArrayList<>();
            for (DoctorReport.MigrationStatus m : report.migrations()) {
                m.missing().forEach(o -> missing.add(o.kind() + " " + o.name() + " (" + m.migration().fileName() + ")"));
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("database", report.url());
            detail.put("missing", missing);
            builder.withDetail(e.getKey(), detail);
            drift |= !missing.isEmpty();
        }
        builder.status(drift ? DRIFT : Status.UP);
    }
}
