package io.schemaheal.heal;

import java.sql.SQLException;

/** A piece of JDBC work that returns nothing: what {@link HealMarker} runs together in one transaction, what a clean-up runs quietly. */
@FunctionalInterface
interface SqlAction {
    void run() throws SQLException;
}
