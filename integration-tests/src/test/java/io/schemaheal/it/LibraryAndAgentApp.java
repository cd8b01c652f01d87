package io.schemaheal.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * An application that uses SchemaHeal's library itself (jdbc:heal:sqlite:, schemaheal-jdbc on its class
 * path) and is also started with the agent, as a child JVM of {@link AgentTest}. Arguments: database file,
 * migrations. Prints the chat query's count, which connection class it got, and where its own
 * {@code io.schemaheal.heal.Healer} came from.
 */
public final class LibraryAndAgentApp {

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", args[1]);
        try (Connection c = DriverManager.getConnection("jdbc:heal:sqlite:" + args[0], p);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM chat_messages")) {
            rs.next();
            System.out.println("chat messages " + rs.getLong(1));
            System.out.println("connection " + c.getClass().getName());
        }
        System.out.println("library Healer from " + Class.forName("io.schemaheal.heal.Healer").getProtectionDomain()
                .getCodeSource().getLocation());
    }
}
