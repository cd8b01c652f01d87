package io.schemaheal.config;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VendorLocationsTest {

    @Test
    void vendorIsTheDatabaseAsSpringBootNamesIt() {
        String l = "classpath:db/migration/{vendor},classpath:db/common";
        assertEquals("classpath:db/migration/postgresql,classpath:db/common",
                VendorLocations.resolve(l, "jdbc:postgresql://db:5432/app?user=a"));
        assertEquals("classpath:db/migration/mariadb,classpath:db/common", VendorLocations.resolve(l, "jdbc:mariadb://db/app"));
        assertEquals("classpath:db/migration/mysql,classpath:db/common", VendorLocations.resolve(l, "jdbc:mysql://db/app"));
        assertEquals("classpath:db/migration/sqlite,classpath:db/common", VendorLocations.resolve(l, "jdbc:sqlite:/tmp/a.db"));
        assertEquals("classpath:db/migration/postgresql,classpath:db/common",
                VendorLocations.resolve(l, "jdbc:heal:postgresql://db/app"), "the proxy driver's URL");
        assertEquals("filesystem:sql", VendorLocations.resolve("filesystem:sql", "jdbc:sqlite:a.db"), "nothing to replace");
    }

    @Test
    void theSettingsOfAConnectionReadItsOwnFolder() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty(ConfigResolver.MIGRATIONS, "classpath:db/{vendor},filesystem:shared");
        ConfigResolver config = ConfigResolver.load(null, p, java.util.Map.of());
        assertEquals(List.of("classpath:db/mariadb", "filesystem:shared"),
                config.settingsFor("jdbc:mariadb://127.0.0.1/app").migrations());
        assertEquals(List.of("classpath:db/postgresql", "filesystem:shared"),
                config.settingsFor("jdbc:postgresql://127.0.0.1/app").migrations());
    }

    @Test
    void aLocationWithVendorStandsForEachDatabase() {
        assertEquals(List.of("db/postgresql", "db/mariadb", "db/mysql", "db/sqlite"), VendorLocations.candidates("db/{vendor}"));
        assertEquals(List.of("db/all"), VendorLocations.candidates("db/all"));
    }
}
