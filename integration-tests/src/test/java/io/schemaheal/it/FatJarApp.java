package io.schemaheal.it;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A Spring Boot executable jar's shape, run as a child JVM: the application's libraries (its SLF4J
 * binding, its JDBC driver) are not on the class path but in a loader of their own, which is the context
 * class loader of the thread that runs the application. Arguments: the SQLite file, the library jars
 * (path-separated). Runs seed 000's chat query through the driver from that loader.
 */
public final class FatJarApp {

    public static void main(String[] args) throws Exception {
        List<URL> jars = new ArrayList<>();
        for (String jar : args[1].split(File.pathSeparator)) {
            jars.add(Path.of(jar).toUri().toURL());
        }
        try (URLClassLoader libraries = new URLClassLoader(jars.toArray(new URL[0]), FatJarApp.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(libraries);
            Driver driver = (Driver) Class.forName("org.sqlite.JDBC", true, libraries).getConstructor().newInstance();
            try (Connection c = driver.connect("jdbc:sqlite:" + args[0], new Properties());
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM chat_messages")) {
                rs.next();
                System.out.println("chat messages " + rs.getLong(1));
            }
        }
    }
}
