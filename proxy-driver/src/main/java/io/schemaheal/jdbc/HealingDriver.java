package io.schemaheal.jdbc;

import io.schemaheal.config.ConfigResolver;
import io.schemaheal.log.Redact;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:heal:} driver. It strips {@code heal:} from the URL, removes the {@code schemaheal.*}
 * properties, and opens the connection with whichever registered driver accepts the rest. Connections
 * to databases that are not configured for healing are the real driver's own, unwrapped.
 */
public final class HealingDriver implements Driver {

    public static final String PREFIX = "jdbc:heal:";

    private static final HealingDriver INSTANCE = new HealingDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String realUrl = realUrl(url);
        HealingSetup setup = HealingSetup.prepare(realUrl, info);
        Driver driver = realDriver(realUrl);
        Properties props = ConfigResolver.withoutSchemaHealKeys(info);
        Connection raw = driver.connect(realUrl, props);
        if (raw == null) {
            throw new SQLException("the driver for " + Redact.text(realUrl) + " did not accept the URL", "08001");
        }
        if (setup == null) {
            return raw;
        }
        Properties healProps = (Properties) props.clone();
        String healUrl = realUrl;
        if (setup.settings().healUser() != null) {
            healProps.setProperty("user", setup.settings().healUser());
            healProps.remove("password");
            if (setup.settings().healPassword() != null) {
                healProps.setProperty("password", setup.settings().healPassword());
            }
            healUrl = withoutCredentials(realUrl); // URL parameters would win over the properties
        }
        String separateUrl = healUrl;
        return setup.wrap(raw, realUrl, () -> driver.connect(separateUrl, healProps));
    }

    /** The URL without {@code user=} and {@code password=} query parameters. */
    public static String withoutCredentials(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder();
        for (String param : url.substring(q + 1).split("&")) {
            String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
            if (!name.equalsIgnoreCase("user") && !name.equalsIgnoreCase("password") && !param.isEmpty()) {
                kept.append(kept.length() == 0 ? "" : "&").append(param);
            }
        }
        return kept.length() == 0 ? url.substring(0, q) : url.substring(0, q + 1) + kept;
    }

    /**
     * A connection to {@code url} (a driver's own, without {@code heal:}) as {@code user}: the URL's own credentials left
     * out, opened by the first driver that {@code loader} sees and that accepts the URL (the loader of the application's
     * connection's class: the driver it used, also where {@link DriverManager} would not look).
     */
    public static Connection openAs(String url, String user, String password, ClassLoader loader) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        String target = withoutCredentials(url);
        for (Driver d : java.util.ServiceLoader.load(Driver.class, loader)) {
            if (!(d instanceof HealingDriver) && d.acceptsURL(target)) {
                Connection c = d.connect(target, p);
                if (c != null) {
                    return c;
                }
            }
        }
        throw new SQLException("no JDBC driver accepts " + Redact.text(target) + " to open a connection as " + user);
    }

    /** {@code jdbc:heal:sqlite:x.db} → {@code jdbc:sqlite:x.db}. */
    static String realUrl(String url) {
        return "jdbc:" + url.substring(PREFIX.length());
    }

    private static Driver realDriver(String realUrl) throws SQLException {
        try {
            return DriverManager.getDriver(realUrl);
        } catch (SQLException e) {
            throw new SQLException("no JDBC driver on the class path accepts " + Redact.text(realUrl)
                    + "; add the database's driver (sqlite-jdbc, postgresql, mariadb-java-client) to the application", "08001", e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        return realDriver(realUrl(url)).getPropertyInfo(realUrl(url), ConfigResolver.withoutSchemaHealKeys(info));
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("SchemaHeal logs through SLF4J, not java.util.logging");
    }
}
