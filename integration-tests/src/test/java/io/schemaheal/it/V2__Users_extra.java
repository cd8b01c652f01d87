package io.schemaheal.it;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Statement;

/**
 * A Flyway Java migration (version 2, from its class name) that changes a table made by an SQL script before it: it adds
 * {@code users.extra}. No script says so; Flyway's history records it as a migration of type {@code JDBC}.
 */
public class V2__Users_extra extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.getConnection().createStatement()) {
            st.execute("ALTER TABLE users ADD COLUMN extra INT");
        }
    }
}
