package io.schemaheal.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo the README's first command runs: the chat query fails on the plain driver and is healed through SchemaHeal. */
class AgentOsDemoTest {

    @Test
    @Timeout(60)
    void theChatQueryFailsOnThePlainDriverAndIsHealed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = AgentOsDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("FAILS: ") && out.contains("no such table: chat_messages"), out);
        assertTrue(out.contains("succeeds: no rows yet for session-1"), out);
        assertTrue(out.contains("and the chat works: user said 你好"), out);
        // the history row: chat_messages healed from v08_chat.sql
        assertTrue(out.lines().anyMatch(l -> l.contains("chat_messages") && l.contains("v08_chat.sql") && l.contains("healed")), out);
    }
}
