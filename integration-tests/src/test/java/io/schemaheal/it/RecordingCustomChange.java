package io.schemaheal.it;

import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

import java.util.concurrent.atomic.AtomicInteger;

/** A Liquibase {@code customChange} that counts how often it ran: rendering a changelog must never run it. */
public class RecordingCustomChange implements CustomTaskChange {

    static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    public void execute(Database database) {
        RUNS.incrementAndGet();
    }

    @Override
    public String getConfirmationMessage() {
        return "recorded";
    }

    @Override
    public void setUp() {
        RUNS.incrementAndGet();
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    @Override
    public ValidationErrors validate(Database database) {
        return new ValidationErrors();
    }
}
