package io.schemaheal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PostgreSQL folds an unquoted name to lower case and keeps a quoted one as written: {@code "Event"} (as Prisma and
 * other ORMs write their tables) and {@code event} are two tables, and so is {@code "Events"}. Each heals as itself,
 * with its own seed, and never touches the other; the result is what psql migrated.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CaseFoldedNamesTest extends MigrationSetTest {

    static final String[] SET = {
        "V1__Event.sql", "CREATE TABLE \"Event\" (id INT PRIMARY KEY, title TEXT NOT NULL);\n"
                + "INSERT INTO \"Event\" (id, title) VALUES (1, 'Launch');\n",
        "V2__event.sql", "CREATE TABLE event (id INT PRIMARY KEY, note TEXT);\n"
                + "INSERT INTO event (id, note) VALUES (1, 'seed');\n"
                + "ALTER TABLE Event ADD COLUMN at TIMESTAMP;\n",
        "V3__Events.sql", "CREATE TABLE \"Events\" (id INT PRIMARY KEY, event_id INT REFERENCES \"Event\" (id));\n"
                + "CREATE INDEX \"Events_event\" ON \"Events\" (event_id);\n"
                + "ALTER TABLE \"Event\" ADD COLUMN \"startsAt\" TIMESTAMP;\n",
    };

    @Test
    void quotedAndUnquotedNamesAreTwoTablesAndEachHealsAsItself() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("m"), SET);
        try (ServerDb db = ServerDb.postgres()) {
            for (int i = 0; i < SET.length; i += 2) {
                Path script = dir.resolve("psql-" + SET[i]);
                Files.writeString(script, SET[i + 1]);
                RealClients.run(db, script);
            }
            Map<String, String> migrated = SchemaSnapshot.of(db);
            db.execute("INSERT INTO \"Event\" (id, title) VALUES (2, 'Live')");

            db.execute("DROP TABLE event");
            try (Connection c = db.heal(m)) {
                assertEquals(List.of("seed"), Queries.strings(c, "SELECT note FROM event"), "event healed with its own seed");
            }
            assertEquals(List.of("Launch", "Live"), db.strings("SELECT title FROM \"Event\" ORDER BY id"),
                    "\"Event\" untouched: its rows are its own");

            db.execute("DROP TABLE \"Events\"");
            try (Connection c = db.heal(m)) {
                assertEquals(List.of("0"), Queries.strings(c, "SELECT count(*) FROM \"Events\""), "\"Events\" healed");
            }

            db.execute("DROP TABLE \"Event\" CASCADE");
            try (Connection c = db.heal(m)) {
                assertEquals(List.of("Launch"), Queries.strings(c, "SELECT title FROM \"Event\""), "\"Event\" healed with its seed");
            }
            assertEquals(List.of("seed"), db.strings("SELECT note FROM event"), "event untouched");
            assertEquals(List.of("event", "Events", "Event"), db.strings("SELECT table_name FROM schemaheal_history "
                    + "WHERE outcome = 'healed' ORDER BY id"));
            db.execute("ALTER TABLE \"Event\" DROP COLUMN \"startsAt\"");
            db.execute("ALTER TABLE event DROP COLUMN at");
            try (Connection c = db.heal(m)) {
                assertEquals(List.of("0"), Queries.strings(c, "SELECT count(e.\"startsAt\") FROM \"Event\" e"),
                        "the column of \"Event\" healed");
                assertEquals(List.of("0"), Queries.strings(c, "SELECT count(at) FROM event"), "the column of event healed");
            }
            // the foreign key of "Events" is back, and checked: "Events" had no row that could break it
            assertEquals(migrated, SchemaSnapshot.of(db), "exactly what psql migrated");
        }
    }
}
