package io.schemaheal.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** What the agent keeps for the process lives in one {@link AgentState}, which the engine's registry holds. */
class AgentStateTest {

    @Test
    void noStaticFieldOfTheAgentHoldsACollection() throws Exception {
        Path classes = Path.of("target/classes/io/schemaheal/agent");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = f.getFileName().toString();
                Class<?> c = Class.forName("io.schemaheal.agent." + name.substring(0, name.length() - ".class".length()),
                        false, getClass().getClassLoader());
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) && (Collection.class.isAssignableFrom(field.getType())
                            || Map.class.isAssignableFrom(field.getType()))) {
                        found.add(c.getSimpleName() + "." + field.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "the agent's state belongs in AgentState");
    }

    @Test
    void theStateIsOnePerProcessHeldByTheRegistry() {
        assertSame(AgentState.get(), AgentState.get());
    }
}
