package io.schemaheal.spring;

import io.schemaheal.doctor.DoctorReport;
import io.schemaheal.jdbc.HealingDataSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health contributor {@code schemaheal}, whichever of Boot's health APIs shows it ({@link Boot3HealthIndicator},
 * {@link Boot4HealthIndicator}): the doctor in report mode on each healing DataSource (nothing is healed, nothing is
 * counted in the metrics). {@code UP} when nothing of the migrations' end state is missing; otherwise {@link #DRIFT},
 * with the missing objects in the details. The application still serves and heals on use, so DRIFT is not DOWN: the
 * aggregate health and its probes stay up unless the status is mapped otherwise
 * ({@code management.endpoint.health.status.order}).
 */
record SchemaHealHealth(boolean drift, Map<String, Object> details) {

    static final String BEAN = "schemahealHealthIndicator";
    static final String DRIFT = "DRIFT";
    static final String DRIFT_DESCRIPTION = "objects of the migrations' end state are missing; "
            + "SchemaHeal heals them when they are used";
    static final String UNEXAMINED = "SchemaHeal could not examine the database";

    static SchemaHealHealth of(Map<String, DataSource> dataSources) throws SQLException {
        boolean drift = false;
        Map<String, Object> details = new LinkedHashMap<>();
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
            if (!report.notices().isEmpty()) {
                detail.put("notices", report.notices()); // not drift: a foreign key added back NOT VALID, say
            }
            details.put(e.getKey(), detail);
            drift |= !missing.isEmpty();
        }
        return new SchemaHealHealth(drift, details);
    }
}
