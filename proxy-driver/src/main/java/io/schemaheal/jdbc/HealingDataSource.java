package io.schemaheal.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps any {@link DataSource} so that its connections heal. The database's URL is read from each
 * connection's metadata; {@code schemaheal.*} settings come from the properties given here, then the
 * usual sources (system properties, environment, files), resolved once per URL at its first connection.
 */
public final class HealingDataSource implements DataSource {

    private final DataSource delegate;
    /** Replaced whole by {@link #reconfigure}; read at each database's first connection. */
    private volatile Properties properties;
    /** Nothing asked for this data source to heal (a framework's defaults wrapped it): a database it cannot heal passes through. */
    private final boolean whereItCan;
    /**
     * The setup of each database URL, resolved at its first connection: borrowing from a wrapped pool must
     * not read the configuration sources again. An empty Optional: that URL is not healed.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<HealingSetup>> setups =
            new java.util.concurrent.ConcurrentHashMap<>();

    public HealingDataSource(DataSource delegate) {
        this(delegate, new Properties());
    }

    /** @param properties {@code schemaheal.*} settings for this data source's connections */
    public HealingDataSource(DataSource delegate, Properties properties) {
        this(delegate, properties, false);
    }

    /**
     * @param whereItCan true when the settings are a framework's defaults, not the user's: the connections of a
     *                   database SchemaHeal does not heal (H2, ...) pass through untouched, said once, instead of failing
     */
    public HealingDataSource(DataSource delegate, Properties properties, boolean whereItCan) {
        this.delegate = delegate;
        this.properties = (Properties) properties.clone();
        this.whereItCan = whereItCan;
    }

    /**
     * Heals from now on with {@code properties} instead: for a framework that learns where the application's migrations
     * are only once its own objects exist (the Spring Boot starter reading the application's Flyway beans after they
     * are made). Connections taken before keep the settings they were taken with.
     */
    public void reconfigure(Properties properties) {
        this.properties = (Properties) properties.clone();
        setups.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return heal(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return heal(delegate.getConnection(username, password));
    }

    /**
     * What the doctor finds in the database behind this data source, as {@code schemaheal doctor} reports it:
     * nothing is healed. Null when this data source's connections are not healed (nothing configured for it).
     */
    public io.schemaheal.doctor.DoctorReport examine() throws SQLException {
        return withSetup(null, (raw, url, setup) -> setup.examine(raw, url));
    }

    /** The newest {@code limit} rows of the heal history of the database behind this data source, newest first. */
    public java.util.List<java.util.Map<String, Object>> recentHeals(int limit) throws SQLException {
        return withSetup(java.util.List.of(), (raw, url, setup) -> setup.recentHeals(raw, limit));
    }

    /**
     * Heals everything missing in the database behind this data source now, as {@code schemaheal.heal-on-connect}
     * does at a first connection (once per database and process): for a start-up step (the Spring Boot
     * starter's {@code heal-on-start}) that must run after the migration tool and before a schema check.
     */
    public void healEverythingMissing() throws SQLException {
        withSetup(null, (raw, url, setup) -> {
            setup.healEverythingMissing(raw, url, setup.healer(raw, url, separate(setup, raw, url)));
            return null;
        });
    }

    /** Work on one of the delegate's connections with its database's setup. */
    @FunctionalInterface
    private interface SetupWork<T> {
        T run(Connection raw, String url, HealingSetup setup) throws SQLException;
    }

    /** Runs {@code work} on a connection of the delegate, closed after; {@code unhealed} when its database is not healed. */
    private <T> T withSetup(T unhealed, SetupWork<T> work) throws SQLException {
        try (Connection raw = delegate.getConnection()) {
            String url = raw.getMetaData().getURL();
            HealingSetup setup = setupFor(url);
            return setup == null ? unhealed : work.run(raw, url, setup);
        }
    }

    /** The setup of a database URL, resolved at its first connection; null when that URL is not healed. */
    private HealingSetup setupFor(String url) throws SQLException {
        java.util.Optional<HealingSetup> known = setups.get(url);
        if (known == null) {
            if (whereItCan && !io.schemaheal.dialect.Dialects.knows(url)) {
                io.schemaheal.log.HealLog.get().info("SchemaHeal does not heal {}: it heals SQLite, PostgreSQL and "
                        + "MariaDB/MySQL; its connections pass through untouched", url);
                known = java.util.Optional.empty();
            } else {
                known = java.util.Optional.ofNullable(HealingSetup.prepare(url, properties)); // a bad setup throws, uncached
            }
            setups.putIfAbsent(url, known);
        }
        return known.orElse(null);
    }

    /**
     * Opens the heal's separate connection from the delegate, as {@code schemaheal.heal-user} when one is set. A pool that
     * logs in only as its own account (HikariCP does not support {@code getConnection(user, password)}): the heal user
     * logs in with the URL {@code raw}, one of its connections, reports, through that connection's driver.
     */
    private io.schemaheal.dialect.HealConnections.Opener separate(HealingSetup setup, Connection raw, String url) {
        String healUser = setup.settings().healUser();
        String healPassword = setup.settings().healPassword();
        if (healUser == null) {
            return delegate::getConnection;
        }
        ClassLoader driverLoader = raw.getClass().getClassLoader();
        return () -> {
            try {
                return delegate.getConnection(healUser, healPassword);
            } catch (SQLFeatureNotSupportedException onlyItsOwnAccount) {
                return HealingDriver.openAs(url, healUser, healPassword, driverLoader);
            }
        };
    }

    private Connection heal(Connection raw) throws SQLException {
        try {
            String url = raw.getMetaData().getURL();
            HealingSetup setup = setupFor(url);
            return setup == null ? raw : setup.wrap(raw, url, separate(setup, raw, url));
        } catch (SQLException | RuntimeException e) {
            try {
                raw.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(delegate)) {
            return type.cast(delegate);
        }
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(delegate) || type.isInstance(this) || delegate.isWrapperFor(type);
    }
}
