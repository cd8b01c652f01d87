package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keycloak's own Liquibase changelogs, verbatim, as Keycloak ships them: the 75 {@code META-INF/jpa-changelog-*.xml} in
 * {@code org.keycloak:keycloak-model-jpa:26.4.0} from Maven Central (Apache 2.0), 197 changeSets from Keycloak 1.0 to
 * 26.4: DB2-only copies behind {@code dbms} preconditions, changeSets that stand in for others
 * ({@code changeSetExecuted}), {@code indexExists} checks, schemas declared as old as 3.1, and 32 {@code customChange}s
 * (Keycloak's Java classes). The real Liquibase migrates the database as Keycloak does, and SchemaHeal heals from the
 * same changelogs on the class path ({@code classpath:META-INF/jpa-changelog-master.xml}), both in a JVM with
 * Keycloak's jars ({@link KeycloakLiquibase}): Keycloak extends Liquibase, so what SQL its changelogs make depends on it.
 * <p>The doctor finds the database as Keycloak migrated it clean (what it cannot know, it says as notices). Every
 * table is dropped in turn. One that Keycloak's code may have changed is refused, naming the changeSet whose code it
 * is (what the code did to it cannot be known; it never runs): one a {@code customChange} is given, every one made
 * before a {@code customChange} given none, and one whose heal needs such a table; every other one would come back
 * exactly as Liquibase made it (today none is left: see {@link #HEALED}), and nothing else changes.
 */
class KeycloakRealWorldTest extends MigrationSetTest {

    /**
     * How many of the 87 tables heal, on each database: none. Keycloak's last {@code customChange} (26.4) comes after
     * the last table is made, and a {@code customChange} given no table may have changed any table made before it, as
     * Keycloak's column migrations do; each is refused, naming a changeSet whose code it is.
     */
    private static final java.util.Map<String, Integer> HEALED = java.util.Map.of("postgresql", 0, "mariadb", 0);

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void everyTableHealsAsLiquibaseMadeItOrIsRefusedNamingTheCodeThatChangedIt(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            ServerDb server = (ServerDb) db;
            run(List.of("migrate", db.url()));
            List<String> tables;
            try (Connection c = db.raw()) {
                tables = SchemaSnapshot.tables(c, kind).stream()
                        .filter(t -> !t.equalsIgnoreCase("databasechangelog") && !t.equalsIgnoreCase("databasechangeloglock")).toList();
            }
            assertEquals(87, tables.size(), tables.toString());
            List<String> args = new ArrayList<>(List.of("heal", server.kind.name(), server.name, db.url()));
            args.addAll(tables);
            List<String> differences = new ArrayList<>();
            int refused = 0;
            String out = run(args);
            assertEquals(List.of("DOCTOR drift=false problems=[] missing=[]"),
                    out.lines().filter(l -> l.startsWith("DOCTOR ")).toList(), "the doctor finds the database as Keycloak migrated it clean");
            for (String line : out.lines().toList()) {
                if (!line.startsWith("DIFF ")) {
                    continue;
                }
                if (line.contains(" did not heal: ") && line.contains("-runs-code of META-INF/jpa-changelog-")
                        && line.contains(", which a heal never runs, so what it changes cannot be known")) {
                    refused++; // refused, naming the changeSet whose code it is
                } else {
                    differences.add(line.substring("DIFF ".length()));
                }
            }
            assertEquals(List.of(), differences, differences.size() + " differences:\n" + String.join("\n", differences));
            // Keycloak's customChanges (32, the last in 26.4) and its own createIndex (it skips an index on a big table):
            // every table's history passes through its code
            assertEquals(HEALED.get(kind), tables.size() - refused, refused + " of " + tables.size() + " refused");
            try (Connection c = db.raw()) {
                // a refusal before a heal begins writes nothing: no history table where nothing healed
                long healed = !SchemaSnapshot.tables(c, kind).stream().anyMatch("schemaheal_history"::equalsIgnoreCase) ? 0
                        : Queries.strings(c, "SELECT DISTINCT table_name FROM schemaheal_history WHERE outcome = 'healed'")
                        .stream().filter(t -> tables.stream().anyMatch(t::equalsIgnoreCase)).count();
                assertEquals(tables.size() - refused, healed, "a history row for every table healed");
            }
        }
    }

    /** keycloak-model-jpa first, then the jars its custom changes need; passed by the build ({@code keycloak.jars}). */
    private static String keycloakJars() {
        String jars = System.getProperty("keycloak.jars");
        if (jars == null || jars.isBlank()) {
            throw new IllegalStateException("keycloak.jars is not set: run this test through Maven (integration-tests/pom.xml sets it)");
        }
        return jars;
    }

    /** Runs {@link KeycloakLiquibase} with these arguments in a JVM with Keycloak's jars; its output, once it succeeded. */
    private static String run(List<String> args) throws Exception {
        String cp = keycloakJars() + File.pathSeparator + System.getProperty("java.class.path");
        Process p = ChildJvm.start(ChildJvm.javaBinary(), List.of("-cp", cp), java.util.Map.of(), KeycloakLiquibase.class,
                args.toArray(new String[0]));
        CompletableFuture<String> out = ChildJvm.output(p);
        boolean done = p.waitFor(360, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String text = out.get(10, TimeUnit.SECONDS);
        assertEquals(0, done ? p.exitValue() : -1, String.join(" ", args.subList(0, 1)) + " with Keycloak's jars:\n" + text);
        return text;
    }
}
