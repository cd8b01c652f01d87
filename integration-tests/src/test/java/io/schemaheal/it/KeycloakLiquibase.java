package io.schemaheal.it;

import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;

/**
 * A JVM with Keycloak's jars on its class path, as Keycloak's own ({@link KeycloakRealWorldTest} starts it): Keycloak
 * extends Liquibase there (its own database classes, a VARCHAR type that is TEXT on MySQL and MariaDB, a change), so
 * the SQL its changelogs make depends on them being there, for the real Liquibase and for SchemaHeal alike.
 * <ul>
 * <li>{@code migrate URL}: migrates the database as Keycloak does at start-up, the real Liquibase running the master
 * changelog from Keycloak's jar with Keycloak's classes for its {@code customChange}s. Those ask for the session
 * Keycloak binds to the thread before they run; the one bound here fails whatever is asked of it, so a change that
 * would need Keycloak fails the migration instead of being faked (on a new database none asks it anything).</li>
 * <li>{@code heal KIND NAME URL TABLE...}: prints what the doctor finds ({@code DOCTOR drift=...}), then drops each
 * table in turn and queries it through {@code jdbc:heal:} with
 * {@code classpath:META-INF/jpa-changelog-master.xml}, as in Keycloak's jar ({@link RealWorldSetsTest#healEachInTurn});
 * prints each difference as a line {@code DIFF ...}, then {@code DONE}.</li>
 * </ul>
 */
public final class KeycloakLiquibase {

    static final String MASTER = "classpath:META-INF/jpa-changelog-master.xml";

    private KeycloakLiquibase() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("migrate")) {
            migrate(args[1]);
            return;
        }
        ServerDb db = ServerDb.existing(ServerDb.Kind.valueOf(args[1]), args[2], args[3]);
        List<String> tables = Arrays.asList(args).subList(4, args.length);
        try (Connection c = db.raw()) {
            // the doctor on the database as Keycloak migrated it: nothing missing, what it cannot know said as notices
            io.schemaheal.doctor.DoctorReport report = new io.schemaheal.doctor.Doctor(c, io.schemaheal.dialect.Dialects.forUrl(db.url()),
                    io.schemaheal.manifest.MigrationManifest.build(List.of(MASTER), java.util.Map.of(), db.kind()), null).examine("keycloak");
            System.out.println("DOCTOR drift=" + report.drift() + " problems=" + report.unreadable() + " missing="
                    + report.migrations().stream().flatMap(m -> m.missing().stream()).toList());
        }
        for (String difference : RealWorldSetsTest.healEachInTurn(db, MASTER, tables)) {
            System.out.println("DIFF " + difference.replace('\n', ' '));
        }
        System.out.println("DONE");
    }

    private static void migrate(String url) throws Exception {
        Class<?> sessionType = Class.forName("org.keycloak.models.KeycloakSession");
        Object session = Proxy.newProxyInstance(sessionType.getClassLoader(), new Class<?>[] {sessionType}, (p, m, a) -> {
            throw new UnsupportedOperationException("no Keycloak runs here: a custom change asked its session for " + m.getName());
        });
        Class.forName("org.keycloak.connections.jpa.updater.liquibase.ThreadLocalSessionContext")
                .getMethod("setCurrentSession", sessionType).invoke(null, session);
        try (Connection c = DriverManager.getConnection(url)) {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            new Liquibase(MASTER.substring("classpath:".length()), new ClassLoaderResourceAccessor(), db).update("");
        }
    }
}
