package io.schemaheal.dialect.postgres;

import io.schemaheal.sql.ObjectName;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the missing relation from pgjdbc's PSQLException: by SQLState and position, whatever the message language. */
class PostgresDialectTest {

    private final io.schemaheal.dialect.Dialect dialect = PostgresDialect.create();

    /** A PSQLException as pgjdbc builds it from the server's error fields. */
    private static PSQLException error(String state, String message, int position) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0M" + message + "\0P" + position + "\0"));
    }

    @Test
    void readsTheNameAtThePositionWhateverTheLanguage() {
        String sql = "SELECT * FROM chat_messages WHERE session_id = ?";
        int at = sql.indexOf("chat_messages") + 1;
        assertEquals(ObjectName.of("chat_messages"),
                dialect.errors().missingRelation(error("42P01", "Relation »chat_messages« existiert nicht", at), sql));
        assertEquals(ObjectName.of("chat_messages"),
                dialect.errors().missingRelation(error("42P01", "リレーション\"chat_messages\"は存在しません", at), sql));
        assertEquals(ObjectName.of("chat_messages"),
                dialect.errors().missingRelation(error("42P01", "message without any name", at), sql));
    }

    @Test
    void placeholdersAreCountedAsPgjdbcSendsThem() {
        String sql = "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM public.\"ChatLog\" WHERE note = 'is it?'";
        String sent = io.schemaheal.sql.JdbcSql.asSentByPgjdbc(sql);
        assertTrue(sent.startsWith("SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM"), sent);
        assertTrue(sent.endsWith("'is it?'"), sent);
        int at = sent.indexOf("public.") + 1;
        ObjectName n = dialect.errors().missingRelation(error("42P01", "relation \"public.ChatLog\" does not exist", at), sql);
        assertEquals(new ObjectName("public", "ChatLog", true, true), n);
        assertEquals("public.ChatLog", n.key(), "a quoted name keeps its case on PostgreSQL: \"ChatLog\" is not chatlog");
    }

    @Test
    void aPositionInAnotherStatementOfTheStringFallsBackToTheMessage() {
        String sql = "SELECT 1; SELECT * FROM missing_one";
        // the position is relative to the second statement, which pgjdbc sent on its own
        int at = "SELECT * FROM missing_one".indexOf("missing_one") + 1;
        assertEquals(ObjectName.of("missing_one"),
                dialect.errors().missingRelation(error("42P01", "relation \"missing_one\" does not exist", at), sql));
    }

    @Test
    void otherErrorsAreNotMissingRelations() {
        assertNull(dialect.errors().missingRelation(error("42703", "column \"x\" does not exist", 8), "SELECT x FROM t"));
        assertNull(dialect.errors().missingRelation(new SQLException("relation \"t\" does not exist"), "SELECT * FROM t"));
        assertEquals(ObjectName.of("t"), dialect.errors().missingRelation(new SQLException("relation \"t\" does not exist", "42P01"), null),
                "no server message (another driver): the message is the fallback");
    }
}
