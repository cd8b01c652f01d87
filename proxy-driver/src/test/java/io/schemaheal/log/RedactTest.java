package io.schemaheal.log;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RedactTest {

    @Test
    void masksPasswordsInUrlsPropertiesAndSql() {
        assertEquals("jdbc:mariadb://h:3306/db?user=app&password=***&useSsl=true",
                Redact.text("jdbc:mariadb://h:3306/db?user=app&password=s3cr&t&useSsl=true".replace("s3cr&t", "s3cret")));
        assertEquals("jdbc:sqlserver://h;user=app;password=***;db=x", Redact.text("jdbc:sqlserver://h;user=app;password=hunter2;db=x"));
        assertEquals("jdbc:mysql://app:***@h/db", Redact.text("jdbc:mysql://app:hunter2@h/db"));
        assertEquals("schemaheal.heal-password=***", Redact.text("schemaheal.heal-password=hunter2"));
        assertEquals("sslpassword=*** PGPASSWORD=***", Redact.text("sslpassword=abc PGPASSWORD=def"));
        assertEquals("CREATE USER x IDENTIFIED BY '***'", Redact.text("CREATE USER x IDENTIFIED BY 'it''s secret'"));
        assertEquals("ALTER ROLE x PASSWORD '***'", Redact.text("ALTER ROLE x PASSWORD 'hunter2'"));
    }

    @Test
    void leavesEverythingElseAlone() {
        String line = "healed missing table chat_messages: applied v08_chat.sql (2 statements, 1 skipped) in 12 ms";
        assertEquals(line, Redact.text(line));
        assertEquals("CREATE TABLE users (password TEXT NOT NULL)", Redact.text("CREATE TABLE users (password TEXT NOT NULL)"));
        assertEquals("password=***", Redact.text("password=***"), "masking twice changes nothing");
        assertFalse(Redact.text("jdbc:postgresql://h/db?password=a&user=b").contains("=a&"));
        assertEquals(null, Redact.text(null));
    }

    /** The messages the three databases give for a failed seed, as their drivers put them. */
    @Test
    void aDatabasesMessageKeepsTheNamesAndLosesTheValues() {
        assertEquals("ERROR: duplicate key value violates unique constraint \"settings_pkey\"", Redact.databaseMessage(
                "ERROR: duplicate key value violates unique constraint \"settings_pkey\"\n  Detail: Key (k)=(smtp.password) already exists."));
        assertEquals("ERROR: invalid input syntax for type integer: \"?\"",
                Redact.databaseMessage("ERROR: invalid input syntax for type integer: \"s3cret\"\n  Position: 30"));
        assertEquals("ERROR: null value in column \"v\" of relation \"settings\" violates not-null constraint",
                Redact.databaseMessage("ERROR: null value in column \"v\" of relation \"settings\" violates not-null constraint\n"
                        + "  Detail: Failing row contains (smtp.password, null)."));
        assertEquals("(conn=5) Duplicate entry '?' for key 'PRIMARY'",
                Redact.databaseMessage("(conn=5) Duplicate entry 'smtp.password' for key 'PRIMARY'"));
        assertEquals("(conn=5) Table 'db.settings' doesn't exist", Redact.databaseMessage("(conn=5) Table 'db.settings' doesn't exist"));
        assertEquals("Incorrect integer value: '?' for column `db`.`t`.`n` at row 1",
                Redact.databaseMessage("Incorrect integer value: 'it''s s3cret' for column `db`.`t`.`n` at row 1"));
        assertEquals("[SQLITE_CONSTRAINT_CHECK] A CHECK constraint failed (CHECK constraint failed: v <> '?')",
                Redact.databaseMessage("[SQLITE_CONSTRAINT_CHECK] A CHECK constraint failed (CHECK constraint failed: v <> 'x')"));
        assertEquals("unclosed '?", Redact.databaseMessage("unclosed 's3cret"));
        assertEquals(null, Redact.databaseMessage(null));
    }
}
