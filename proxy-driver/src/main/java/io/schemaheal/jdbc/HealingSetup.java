package io.schemaheal.jdbc;

import io.schemaheal.config.ConfigException;
import io.schemaheal.config.ConfigResolver;
import io.schemaheal.config.HealSettings;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.doctor.Doctor;
import io.schemaheal.doctor.DoctorReport;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.Dialects;
import io.schemaheal.log.Redact;
import io.schemaheal.heal.Healer;
import io.schemaheal.manifest.FlywayPlaceholders;
import io.schemaheal.manifest.ManifestCache;
import io.schemaheal.manifest.ManifestException;
import io.schemaheal.manifest.MigrationManifest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a connection to one database needs before it can heal: its settings, dialect and manifest.
 * Built before the real connection opens, so that bad configuration fails the connect with a clear
 * message; shared by {@link HealingDriver}, {@link HealingDataSource} and the agent.
 */
public final class HealingSetup {

    private final HealSettings settings;
    private final Dialect dialect;
    private final MigrationManifest manifest;

    private HealingSetup(HealSettings settings, Dialect dialect, MigrationManifest manifest) {
        this.settings = settings;
        this.dialect = dialect;
        this.manifest = manifest;
    }

    /** The setup for {@code realUrl}, or null when connections to it are not healed (no migrations, mode off). */
    public static HealingSetup prepare(String realUrl, Properties properties) throws SQLException {
        return prepare(realUrl, properties, null);
    }

    /** As {@link #prepare(String, Properties)}, also reading {@code schemaheal.properties} through {@code application}. */
    public static HealingSetup prepare(String realUrl, Properties properties, ClassLoader application) throws SQLException {
        HealSettings settings;
        try {
            settings = ConfigResolver.load(properties, application).settingsFor(realUrl);
        } catch (ConfigException e) {
            throw new SQLException("SchemaHeal configuration error: " + Redact.text(e.getMessage()), "08001", e);
        }
        if (settings == null) {
            return null;
        }
        Dialect dialect = Dialects.forUrl(realUrl);
        return new HealingSetup(settings, dialect, manifest(settings, dialect, settings.placeholders()));
    }

    private static MigrationManifest manifest(HealSettings settings, Dialect dialect, Map<String, String> placeholders)
            throws SQLException {
        try {
            return ManifestCache.get(settings.migrations(), placeholders, dialect.name());
        } catch (ManifestException e) {
            throw new SQLException(Redact.text("SchemaHeal cannot use the migrations " + settings.migrations() + ": "
                    + e.getMessage()), "08001", e);
        }
    }

    /**
     * The manifest as {@code raw} reads it: the scripts read again with the connection's values of Flyway's
     * built-in placeholders when they use them ({@code ${flyway:defaultSchema}}); the values given by
     * {@code schemaheal.placeholders.*} win.
     */
    private MigrationManifest manifestFor(Connection raw) throws SQLException {
        if (!manifest.usesConnectionPlaceholders()) {
            return manifest;
        }
        Map<String, String> values = new HashMap<>(FlywayPlaceholders.ofConnection(raw, dialect.catalog().currentSchema(raw)));
        values.putAll(settings.placeholders());
        return manifest(settings, dialect, values);
    }

    public HealSettings settings() {
        return settings;
    }

    /**
     * True where statements inside a transaction run under guard savepoints until their SQL is known to work
     * (PostgreSQL, when healing): an error there aborts the transaction.
     */
    public boolean guardsStatements() {
        return dialect.errorAbortsTransaction() && settings.mode() == io.schemaheal.config.Mode.HEAL;
    }

    /** The key the known-good SQL and the heal locks of the database behind {@code raw} are kept under. */
    public String databaseKey(String realUrl, Connection raw) {
        return dialect.transactions().databaseKey(realUrl, raw);
    }

    /** The healing engine for a driver's connection (the agent's way in: no wrapper). */
    public Healer healer(Connection raw, String realUrl, HealConnections.Opener separate) throws SQLException {
        return new Healer(dialect, manifestFor(raw), settings, realUrl, raw, separate);
    }

    /** @param separate opens a separate connection for heals that cannot use {@code raw} */
    HealingConnection wrap(Connection raw, String realUrl, HealConnections.Opener separate) throws SQLException {
        Healer healer;
        try {
            healer = healer(raw, realUrl, separate);
        } catch (SQLException e) {
            raw.close(); // the caller gets no connection: none is left open behind it
            throw e;
        }
        healer.completeInterrupted();
        if (settings.healOnConnect()) {
            healEverythingMissing(raw, realUrl, healer);
        }
        return new HealingConnection(raw, healer);
    }

    java.util.List<java.util.Map<String, Object>> recentHeals(Connection raw, int limit) throws SQLException {
        return io.schemaheal.heal.HealHistory.recent(raw, dialect, settings.historyTable(), limit);
    }

    /** What the doctor finds in the database behind {@code raw}: a report, nothing healed. */
    DoctorReport examine(Connection raw, String realUrl) throws SQLException {
        return new Doctor(raw, dialect, manifestFor(raw), null).examine(Redact.text(realUrl));
    }

    /** What {@code schemaheal.heal-on-connect} does, once per database and process (see {@link Doctor#healOnConnect}). */
    public void healEverythingMissing(Connection raw, String realUrl, Healer healer) {
        Doctor.healOnConnect(raw, dialect, healer.manifest(), healer, dialect.transactions().databaseKey(realUrl, raw));
    }
}
