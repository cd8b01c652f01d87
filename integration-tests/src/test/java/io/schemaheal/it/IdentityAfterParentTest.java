package io.schemaheal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After {@code DROP TABLE pets CASCADE} the visits stay, still carrying {@code pet_id = 1}. A healed {@code pets}
 * whose serial started at 1 again would hand those visits to the first new pet; its sequence starts past every value
 * the children still hold.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdentityAfterParentTest extends MigrationSetTest {

    @Test
    void aNewParentRowNeverInheritsTheChildrenOfALostOne() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String pets = "CREATE TABLE pets (id SERIAL PRIMARY KEY, name TEXT NOT NULL);\n";
            String visits = "CREATE TABLE visits (id SERIAL PRIMARY KEY, pet_id INT NOT NULL REFERENCES pets (id), note TEXT);\n";
            String m = TestDatabase.migrations(dir.resolve("m"), "V1__pets.sql", pets, "V2__visits.sql", visits);
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                st.execute(pets);
                st.execute(visits);
                st.execute("INSERT INTO pets (name) VALUES ('Leo'), ('Basil'), ('Rosy')");
                st.execute("INSERT INTO visits (pet_id, note) VALUES (1, 'rabies shot'), (3, 'neutered')");
                st.execute("DROP TABLE pets CASCADE");
            }
            try (Connection c = db.heal(m)) {
                assertEquals(List.of("4"), Queries.strings(c, "INSERT INTO pets (name) VALUES ('Max') RETURNING id"),
                        "past every pet_id the visits still hold");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of(), Queries.strings(c, "SELECT v.note FROM visits v JOIN pets p ON p.id = v.pet_id"),
                        "the new pet owns none of the old visits");
            }
        }
    }
}
