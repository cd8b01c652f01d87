package io.schemaheal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code schemaheal.checksums} pins the scripts a heal may use. Every script a heal reads is checked, not only those
 * it applies: the foreign keys it adds back to a healed parent are read from the children's scripts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PinnedScriptsTest extends MigrationSetTest {

    @Test
    void aForeignKeyIsNeverAddedBackFromATamperedScript() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            Path m = dir.resolve("m");
            TestDatabase.migrations(m,
                    "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY);\n",
                    "V2__orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT REFERENCES users (id));\n");
            Path pins = dir.resolve("migrations.sha256");
            Process sum = new ProcessBuilder("sha256sum", "V1__users.sql", "V2__orders.sql").directory(m.toFile())
                    .redirectOutput(pins.toFile()).start();
            assertTrue(sum.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, sum.exitValue());
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE users (id INT PRIMARY KEY)");
                st.execute("CREATE TABLE orders (id INT PRIMARY KEY, user_id INT REFERENCES users (id))");
                st.execute("INSERT INTO users VALUES (1)");
                st.execute("INSERT INTO orders VALUES (10, 1)");
                st.execute("DROP TABLE users CASCADE"); // takes orders' foreign key with it
            }
            // after pinning, someone edits the child's script: deleting a user would now delete its orders
            Files.writeString(m.resolve("V2__orders.sql"),
                    "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT REFERENCES users (id) ON DELETE CASCADE);\n");

            try (Connection c = db.heal("filesystem:" + m, "schemaheal.checksums", pins.toString())) {
                assertEquals(0, Queries.count(c, "SELECT count(*) FROM users"), "the parent's own script is pinned: it heals");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of(), Queries.strings(c, "SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass "
                        + "AND contype = 'f'"), "no foreign key read from the tampered script");
                assertEquals(1, Queries.count(c, "SELECT count(*) FROM orders"), "the child's rows are untouched");
                String detail = Queries.strings(c, "SELECT detail FROM schemaheal_history WHERE table_name = 'users'").get(0);
                assertTrue(detail.contains("V2__orders.sql") && detail.contains("pins"), detail);
            }
        }
    }
}
