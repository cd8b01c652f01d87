package io.schemaheal.it;

import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

import java.sql.Statement;

/**
 * A Liquibase {@code customChange} given nothing that names a table, whose code changes one anyway (as Keycloak's
 * column migrations do): it adds {@code users.extra}. What it did is in no changelog text.
 */
public class AlteringCustomChange implements CustomTaskChange {

    @Override
    public void execute(Database database) throws CustomChangeException {
        try (Statement st = ((JdbcConnection) database.getConnection()).getUnderlyingConnection().createStatement()) {
            st.execute("ALTER TABLE users ADD COLUMN extra INT");
        } catch (Exception e) {
            throw new CustomChangeException(e);
        }
    }

    @Override
    public String getConfirmationMessage() {
        return "users.extra added";
    }

    @Override
    public void setUp() {
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    @Override
    public ValidationErrors validate(Database database) {
        return new ValidationErrors();
    }
}
