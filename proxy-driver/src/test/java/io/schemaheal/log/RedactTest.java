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
}
