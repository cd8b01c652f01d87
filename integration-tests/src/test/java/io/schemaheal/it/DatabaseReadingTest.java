package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A script is read as its database reads it: what each database's own client runs from a script (the reference), a
 * heal runs from the same script. The forms are those each database reads its own way: MySQL's {@code #} comments,
 * backslash escapes, executable comments, backticks and {@code --} that is a comment only before a space
 * ({@code 5--1} is 6); PostgreSQL's nested comments, {@code E'...'} strings beside standard ones, {@code U&"..."}
 * names and strings with Unicode escapes, and {@code $tag$} bodies holding semicolons; SQLite's {@code [bracketed]}
 * and back-quoted names.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DatabaseReadingTest extends MigrationSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aHealRunsWhatTheDatabasesOwnClientRunsFromTheSameScript(String kind) throws Exception {
        String script = switch (kind) {
            case "mariadb" -> """
                    # the user's table
                    /*!40101 SET @saved_cs_client = @@character_set_client */;
                    CREATE TABLE `people` (id INT PRIMARY KEY, name VARCHAR(50)) /*!50100 ENGINE=InnoDB */; -- it's here
                    INSERT INTO people VALUES (1, 'O\\'Brien'), (2, "back\\\\slash"), (3, CONCAT('minus', 5--1));
                    /*!40101 SET character_set_client = @saved_cs_client */;
                    """;
            case "postgresql" -> """
                    /* people /* it's nested */ still; */
                    CREATE TABLE U&"p\\0065ople" (id INT PRIMARY KEY, name VARCHAR(50));
                    CREATE FUNCTION people_stamp() RETURNS trigger LANGUAGE plpgsql AS $body$
                    BEGIN NEW.name := NEW.name || ';'; RETURN NEW; END; $body$;
                    CREATE TRIGGER people_stamp BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION people_stamp();
                    INSERT INTO people VALUES (1, E'O\\'Brien'), (2, 'back\\'), (3, U&'caf\\00e9');
                    """;
            default -> """
                    CREATE TABLE [people] (id INT PRIMARY KEY, `name` VARCHAR(50));
                    INSERT INTO `people` VALUES (1, 'O''Brien'), (2, 'back\\');
                    """;
        };
        Path m = Files.createDirectories(dir.resolve("m"));
        Files.writeString(m.resolve("V1__people.sql"), script);
        Files.writeString(m.resolve("V2__orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY);\n");
        try (TestDatabase reference = TestDatabase.open(kind, Files.createDirectories(dir.resolve("reference")));
             TestDatabase healed = TestDatabase.open(kind, Files.createDirectories(dir.resolve("healed")))) {
            for (TestDatabase db : List.of(reference, healed)) {
                RealClients.run(db, m.resolve("V1__people.sql"));
                RealClients.run(db, m.resolve("V2__orders.sql"));
            }
            healed.dropTable("people");
            try (Connection c = healed.heal("filesystem:" + m)) {
                assertEquals(rows(reference), Queries.rows(c, "SELECT id, name FROM people ORDER BY id"), "the seed as the client wrote it");
            }
            assertEquals(SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(reference)),
                    SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(healed)), "the table as the client made it");
        }
    }

    private static List<String> rows(TestDatabase db) throws Exception {
        try (Connection c = db.raw()) {
            return Queries.rows(c, "SELECT id, name FROM people ORDER BY id");
        }
    }
}
