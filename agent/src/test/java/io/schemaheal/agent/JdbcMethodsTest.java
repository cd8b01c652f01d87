package io.schemaheal.agent;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which driver methods the agent weaves: JDBC's own, and never a driver's internal methods of the same name. */
class JdbcMethodsTest {

    /** The methods of the class the agent weaves so, as {@code name(Type,...)}. */
    private static List<String> woven(String className, JdbcWeaver.Kind kind) throws ClassNotFoundException {
        TreeSet<String> names = new TreeSet<>();
        for (Method m : Class.forName(className).getDeclaredMethods()) {
            if (JdbcWeaver.kindOf(m) == kind) {
                names.add(m.getName() + java.util.Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(",", "(", ")")));
            }
        }
        return List.copyOf(names);
    }

    private static List<String> woven(String className) throws ClassNotFoundException {
        return woven(className, JdbcWeaver.Kind.EXECUTE);
    }

    @Test
    void theStatementsExecuteMethodsAreWoven() throws Exception {
        List<String> statement = woven("org.sqlite.jdbc3.JDBC3Statement");
        assertTrue(statement.contains("execute(String)"), statement.toString());
        assertTrue(statement.contains("executeQuery(String)"), statement.toString());
        assertTrue(statement.contains("executeUpdate(String)"), statement.toString());
        List<String> prepared = woven("org.sqlite.jdbc3.JDBC3PreparedStatement");
        assertTrue(prepared.contains("executeQuery()"), prepared.toString());
        assertTrue(prepared.contains("execute()"), prepared.toString());
        List<String> connection = woven("org.sqlite.jdbc3.JDBC3Connection");
        assertTrue(connection.contains("prepareStatement(String)"), connection.toString());
    }

    /**
     * heal-on-connect's connect: each driver's own {@code connect(String, Properties)}, also where it narrows the return
     * type and has the {@code java.sql.Connection} one only as a bridge (MariaDB Connector/J: it was never woven).
     */
    @Test
    void eachDriversOwnConnectIsWoven() throws Exception {
        for (String driver : List.of("org.sqlite.JDBC", "org.postgresql.Driver", "org.mariadb.jdbc.Driver")) {
            List<String> woven = java.util.Arrays.stream(Class.forName(driver).getDeclaredMethods())
                    .filter(m -> JdbcWeaver.kindOf(m) == JdbcWeaver.Kind.CONNECT)
                    .map(m -> m.getName() + " returning " + m.getReturnType().getName()).toList();
            assertEquals(1, woven.size(), driver + ": " + woven);
            assertTrue(!woven.get(0).endsWith("java.sql.Connection") || !driver.startsWith("org.mariadb"),
                    "MariaDB's own connect, not its bridge: " + woven);
        }
    }

    @Test
    void theDriversInternalExecuteIsLeftAlone() throws Exception {
        // sqlite-jdbc's DB.execute(CoreStatement, Object[]) runs under every statement: weaving it cost every call
        assertEquals(List.of(), woven("org.sqlite.core.DB"));
    }
}
