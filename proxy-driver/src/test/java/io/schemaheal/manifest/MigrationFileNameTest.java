package io.schemaheal.manifest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationFileNameTest {

    @Test
    void readsEveryConvention() {
        assertEquals(Version.parse("1.2"), MigrationFileName.parse("V1_2__add_users.sql").version());
        assertEquals("add users", MigrationFileName.parse("V1_2__add_users.sql").description());
        assertEquals(Version.parse("3"), MigrationFileName.parse("000003_multi_agent_orchestration.up.sql").version());
        assertEquals(Version.parse("8"), MigrationFileName.parse("v08_chat.sql").version());
        assertEquals("chat", MigrationFileName.parse("v08_chat.sql").description());
        assertEquals(Version.parse("25"), MigrationFileName.parse("schema_v25.sql").version());
        assertEquals(Version.parse("3"), MigrationFileName.parse("0003_add_x.sql").version());
        assertEquals(Version.parse("20151129054053"), MigrationFileName.parse("20151129054053_test_migration.sql").version());
    }

    @Test
    void aFolderPerMigrationTakesItsVersionFromTheFolder() {
        MigrationFileName diesel = MigrationFileName.parse("2024-01-16-080000_create_posts/up.sql");
        assertEquals(Version.parse("20240116080000"), diesel.version());
        assertEquals("create_posts", diesel.description());
        assertEquals(Version.parse("0"), MigrationFileName.parse("00000000000000_diesel_initial_setup/up.sql").version());
        assertTrue(MigrationFileName.parse("2024-01-16-080000_create_posts/down.sql").ignored());
        MigrationFileName prisma = MigrationFileName.parse("20240116080000_add_posts/migration.sql");
        assertEquals(Version.parse("20240116080000"), prisma.version());
        assertEquals("Prisma", prisma.convention());
        assertNull(MigrationFileName.parse("migration_lock.toml"));
    }

    @Test
    void downAndUndoScriptsOwnNothingARepeatableComesAfterEveryVersion() {
        assertTrue(MigrationFileName.parse("000003_x.down.sql").ignored());
        assertTrue(MigrationFileName.parse("R__views.sql").version().isRepeatable(), "a repeatable owns its views");
        assertTrue(MigrationFileName.parse("R__a.sql").version().compareTo(Version.parse("999999")) > 0);
        assertTrue(MigrationFileName.parse("R__a.sql").version().compareTo(MigrationFileName.parse("R__b.sql").version()) < 0);
        assertTrue(MigrationFileName.parse("U2__undo.sql").ignored());
        assertNull(MigrationFileName.parse("README.md"));
    }

    @Test
    void aSqlFileWithoutVersionIsIgnoredWithAReasonThatSaysWhatToDo() {
        MigrationFileName setup = MigrationFileName.parse("init.sql");
        assertTrue(setup.ignored());
        assertTrue(setup.unreadableReason().contains("init.sql"), setup.unreadableReason());
        assertTrue(setup.unreadableReason().contains("V<version>__<description>.sql"), setup.unreadableReason());
        assertNull(MigrationFileName.parse("v1_a.sql").unreadableReason());
    }

    @Test
    void flywayCallbacksOwnNothing() {
        for (String callback : List.of("beforeMigrate.sql", "afterMigrate.sql", "afterMigrate__grants.sql",
                "beforeEachMigrate.sql", "afterEachMigrateError.sql", "createSchema.sql")) {
            assertTrue(MigrationFileName.parse(callback).ignored(), callback);
            assertNull(MigrationFileName.parse(callback).unreadableReason(), callback);
        }
    }

    @Test
    void upDownPairsOfAnyVersionSyntax() {
        assertTrue(MigrationFileName.parse("V0001.Initial_Schema.down.sql").ignored());
        assertEquals(Version.parse("1"), MigrationFileName.parse("V0001.Initial_Schema.up.sql").version());
        assertEquals("Initial_Schema", MigrationFileName.parse("V0001.Initial_Schema.up.sql").description());
        assertEquals(Version.parse("2"), MigrationFileName.parse("V2__users.up.sql").version());
        assertEquals(Version.parse("5"), MigrationFileName.parse("0005_slow_down.sql").version(), "not a down script");
    }

    @Test
    void aDatabaseMarkerSaysWhichDatabaseReadsTheFile() {
        MigrationFileName pg = MigrationFileName.parse("0001_init.postgres.up.sql");
        assertEquals(Version.parse("1"), pg.version());
        assertEquals("postgresql", pg.database());
        assertEquals("golang-migrate", pg.convention());
        assertNull(pg.ignoredBecause("postgresql"));
        assertEquals("marked for postgresql, not for sqlite", pg.ignoredBecause("sqlite"));
        assertTrue(pg.ignoredBecause(null).startsWith("marked for postgresql only"));
        assertEquals("mariadb", MigrationFileName.parse("0001_init.mysql.up.sql").database());
        assertEquals("mariadb", MigrationFileName.parse("V1__init.mariadb.sql").database());
        assertEquals("sqlite", MigrationFileName.parse("0001_init.sqlite3.sql").database());
        assertEquals("postgresql", MigrationFileName.parse("0001_init.postgresql.sql").database());
        assertTrue(MigrationFileName.parse("0001_init.cockroach.up.sql").ignoredBecause("postgresql") != null);
        assertTrue(MigrationFileName.parse("0001_init.postgres.down.sql").ignored());
        MigrationFileName plain = MigrationFileName.parse("V1__add.users.sql");
        assertNull(plain.database(), "a dot in a description is no marker");
        assertNull(plain.ignoredBecause("sqlite"));
    }

    @Test
    void inSubFoldersOnlyFlywaysScriptsAreRead() {
        assertEquals(Version.parse("2"), MigrationFileName.parse("2024/q3/V2__posts.sql").version());
        assertTrue(MigrationFileName.parse("callbacks/afterMigrate.sql").ignored());
        assertNull(MigrationFileName.parse("mysql/000002_posts.up.sql"), "another tool's sibling folder");
        assertNull(MigrationFileName.parse("legacy/v08_chat.sql"));
        assertNull(MigrationFileName.parse("sub/README.md"));
        assertEquals(Version.parse("20240116080000"), MigrationFileName.parse("20240116080000_add_posts/migration.sql").version());
    }

    @Test
    void versionsOrderAsNumbers() {
        List<Version> v = new ArrayList<>(List.of(Version.parse("10"), Version.parse("9"), Version.parse("0.10.0"),
                Version.parse("0.8.0"), Version.parse("0.9")));
        Collections.sort(v);
        assertEquals("[0.8.0, 0.9, 0.10.0, 9, 10]", v.toString());
        assertEquals(Version.parse("08"), Version.parse("8"));
        assertEquals(Version.parse("1"), Version.parse("1.0"));
        assertEquals(Version.parse("1").hashCode(), Version.parse("1.0").hashCode());
    }

    @Test
    void scriptsNamedTheApplicationsFlywayWayReadAsFlywaysDefault() {
        FlywayNaming naming = FlywayNaming.of(java.util.Map.of("flyway:sqlMigrationPrefix", "M", "flyway:sqlMigrationSeparator", "-",
                "flyway:sqlMigrationSuffixes", ".pgsql, .sql", "flyway:repeatableSqlMigrationPrefix", "RR"));
        assertEquals("sub/V1_2__users.sql", naming.standard("sub/M1_2-users.pgsql"));
        assertEquals("V3__add-email.sql", naming.standard("M3-add-email.sql"), "only the first separator ends the version");
        assertEquals("R__views.sql", naming.standard("RR-views.pgsql"));
        assertEquals("notes.txt", naming.standard("notes.txt"));
        assertEquals("Mx-users.pgsql", naming.standard("Mx-users.pgsql"), "no version: left as it is, and ignored as such");
        assertEquals("V1__a.sql", FlywayNaming.of(java.util.Map.of()).standard("V1__a.sql"));
    }
}
