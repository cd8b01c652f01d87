package io.schemaheal.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * A child JVM to kill in the middle of a heal: it writes (and commits) a row the test checks survives,
 * then queries a table whose heal takes seconds. Arguments: heal URL, migrations location, table to query.
 */
public final class CrashApp {

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", args[1]);
        try (Connection c = DriverManager.getConnection(args[0], p); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO kept (note) VALUES ('written before the crash')");
            System.out.println("committed");
            System.out.flush();
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + args[2])) {
                rs.next();
                System.out.println("healed, rows " + rs.getLong(1));
            }
        }
    }
}
