package io.schemaheal.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After {@code DROP TABLE pets CASCADE} the visits stay, still carrying {@code pet_id = 1}. A healed {@code pets}
 * whose serial started at 1 again would hand those visits to the first new pet; its sequence starts past every value
 * the children still hold: PostgreSQL's serial sequence, MariaDB's {@code AUTO_INCREMENT}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdentityAfterParentTest extends MigrationSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aNewParentRowNeverInheritsTheChildrenOfALostOne(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            boolean pg = kind.equals("postgresql");
            String pets = pg ? "CREATE TABLE pets (id SERIAL PRIMARY KEY, name TEXT NOT NULL);\n"
                    : "CREATE TABLE pets (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL);\n";
            String visits = pg ? "CREATE TABLE visits (id SERIAL PRIMARY KEY, pet_id INT NOT NULL REFERENCES pets (id), note TEXT);\n"
                    : "CREATE TABLE visits (id BIGINT AUTO_INCREMENT PRIMARY KEY, pet_id BIGINT NOT NULL, note TEXT, "
                    + "CONSTRAINT fk_visits_pet FOREIGN KEY (pet_id) REFERENCES pets (id));\n";
            String m = TestDatabase.migrations(dir.resolve("m"), "V1__pets.sql", pets, "V2__visits.sql", visits);
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                st.execute(pets);
                st.execute(visits);
                st.execute("INSERT INTO pets (name) VALUES ('Leo'), ('Basil'), ('Rosy')");
                st.execute("INSERT INTO visits (pet_id, note) VALUES (1, 'rabies shot'), (3, 'neutered')");
            }
            db.dropTable("pets"); // PostgreSQL: CASCADE; MariaDB: with foreign key checks off
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO pets (name) VALUES ('Max')");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("4"), Queries.strings(c, "SELECT id FROM pets WHERE name = 'Max'"),
                        "past every pet_id the visits still hold");
                assertEquals(List.of(), Queries.strings(c, "SELECT v.note FROM visits v JOIN pets p ON p.id = v.pet_id"),
                        "the new pet owns none of the old visits");
            }
        }
    }
}
