package io.schemaheal.agent;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link JdbcWeaver} makes of real driver classes (the agent's tests run what it makes). */
class JdbcWeaverTest {

    private static byte[] classFile(String className) throws Exception {
        try (InputStream in = JdbcWeaverTest.class.getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Each method of a class file ({@code name(descriptor)} with its access flags) and the hooks its code calls. */
    private static Map<String, TreeSet<String>> hooks(byte[] bytes) {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                TreeSet<String> called = new TreeSet<>();
                out.put(access + " " + name + descriptor, called);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String d, boolean itf) {
                        if (owner.equals("io/schemaheal/agent/AgentHooks")) {
                            called.add(method);
                        }
                    }
                };
            }
        }, 0);
        return out;
    }

    /** The methods of the woven class that call a hook, with the hooks; nothing added, nothing taken away. */
    private static Map<String, TreeSet<String>> woven(String className, boolean healOnConnect, boolean guarded) throws Exception {
        byte[] original = classFile(className);
        Map<String, TreeSet<String>> before = hooks(original);
        Map<String, TreeSet<String>> after = hooks(new JdbcWeaver(healOnConnect).weave(original, guarded));
        assertEquals(before.keySet(), after.keySet(), "the same methods, with the same access: woven in place");
        Map<String, TreeSet<String>> out = new TreeMap<>();
        after.forEach((m, called) -> {
            if (!called.isEmpty()) {
                out.put(m.substring(m.indexOf(' ') + 1), called);
            }
        });
        return out;
    }

    /**
     * A loader of its own that defines every class of the driver ({@code prefix}) itself, woven as the agent weaves it
     * (one runtime package, as in the application): the JVM verifies each woven class it links (a wrong frame is a
     * VerifyError here).
     */
    private static ClassLoader wovenDriver(String prefix, boolean healOnConnect) {
        return new ClassLoader(JdbcWeaverTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (!n.startsWith(prefix)) {
                    return super.loadClass(n, resolve);
                }
                synchronized (getClassLoadingLock(n)) {
                    Class<?> c = findLoadedClass(n);
                    if (c != null) {
                        return c;
                    }
                    try {
                        byte[] bytes = classFile(n);
                        byte[] woven = new JdbcWeaver(healOnConnect).weave(bytes, n.startsWith("org.postgresql."));
                        byte[] defined = woven != null ? woven : bytes;
                        return defineClass(n, defined, 0, defined.length);
                    } catch (Exception e) {
                        throw new ClassNotFoundException(n, e);
                    }
                }
            }
        };
    }

    /** The class as the agent weaves it, with the rest of its driver, verified and initialised. */
    private static Class<?> load(String name, boolean healOnConnect) throws Exception {
        ClassLoader loader = wovenDriver(name.substring(0, name.indexOf('.', name.indexOf('.') + 1) + 1), healOnConnect);
        Class<?> c = Class.forName(name, true, loader);
        assertEquals(loader, c.getClassLoader(), "the woven class, verified and initialised");
        return c;
    }

    @Test
    void aStatementsExecuteMethodsAreWovenInPlaceIntoTheHealingLoop() throws Exception {
        Map<String, TreeSet<String>> statement = woven("org.sqlite.jdbc3.JDBC3Statement", false, false);
        assertEquals(java.util.Set.of("onFailure"), statement.get("executeQuery(Ljava/lang/String;)Ljava/sql/ResultSet;"));
        assertEquals(java.util.Set.of("onFailure"), statement.get("executeUpdate(Ljava/lang/String;)I"));
        assertEquals(java.util.Set.of("onFailure"), statement.get("execute(Ljava/lang/String;)Z"));
        // pgjdbc: the guard before, and its release after a run that did not fail
        Map<String, TreeSet<String>> pg = woven("org.postgresql.jdbc.PgPreparedStatement", false, true);
        assertEquals(java.util.Set.of("guard", "onFailure", "passed"), pg.get("executeQuery()Ljava/sql/ResultSet;"), pg.toString());
    }

    /** Every class the agent weaves in five drivers, verified by the JVM as the agent leaves it. */
    @Test
    void theWovenClassesOfTheDriversVerify() throws Exception {
        for (String name : List.of("org.sqlite.jdbc3.JDBC3Statement", "org.sqlite.jdbc3.JDBC3PreparedStatement",
                "org.sqlite.jdbc3.JDBC3Connection", "org.sqlite.SQLiteConnection", "org.sqlite.JDBC",
                "org.postgresql.jdbc.PgStatement", "org.postgresql.jdbc.PgPreparedStatement", "org.postgresql.jdbc.PgConnection",
                "org.postgresql.Driver", "org.mariadb.jdbc.Statement", "org.mariadb.jdbc.ClientPreparedStatement",
                "org.mariadb.jdbc.ServerPreparedStatement", "org.mariadb.jdbc.Connection", "org.mariadb.jdbc.Driver",
                // MySQL Connector/J (its executions in synchronized blocks, with their own handlers) and H2
                "com.mysql.cj.jdbc.StatementImpl", "com.mysql.cj.jdbc.ClientPreparedStatement",
                "com.mysql.cj.jdbc.ConnectionImpl",
                "com.mysql.cj.jdbc.NonRegisteringDriver", "org.h2.jdbc.JdbcStatement", "org.h2.jdbc.JdbcPreparedStatement",
                "org.h2.jdbc.JdbcConnection", "org.h2.Driver")) {
            assertTrue(new JdbcWeaver(true).weave(classFile(name), name.startsWith("org.postgresql")) != null,
                    name + " has methods the agent weaves");
            load(name, true);
        }
    }

    /**
     * heal-on-connect's {@code connect} that returns the driver's own type (MariaDB Connector/J): the JVM verifies the
     * woven class (its stack frame named {@code java.sql.Connection} once, a VerifyError at load).
     */
    @Test
    void aConnectReturningTheDriversOwnTypeIsWovenIntoAClassTheJvmAccepts() throws Exception {
        String name = "org.mariadb.jdbc.Driver";
        assertEquals(java.util.Set.of("onConnect"), woven(name, true, false)
                .get("connect(Ljava/lang/String;Ljava/util/Properties;)Lorg/mariadb/jdbc/Connection;"));
        Class<?> driver = load(name, true);
        assertTrue(driver.getDeclaredConstructor().newInstance() instanceof java.sql.Driver);
    }

    @Test
    void aClassWithoutJdbcMethodsIsLeftAsItIs() throws Exception {
        // sqlite-jdbc's DB.execute(CoreStatement, Object[]) runs under every statement: it is not JDBC's execute
        assertNull(new JdbcWeaver(false).weave(classFile("org.sqlite.core.DB"), false));
    }

    /** Connect is woven whether or not heal-on-connect is on: the agent learns there how the application logs in. */
    @Test
    void connectIsWovenWithOrWithoutHealOnConnect() throws Exception {
        for (boolean healOnConnect : new boolean[] {false, true}) {
            assertEquals(Map.of("connect(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;",
                    new TreeSet<>(List.of("onConnect"))), woven("org.sqlite.JDBC", healOnConnect, false), "heal-on-connect " + healOnConnect);
        }
    }

    @Test
    void aConnectionsCommitRollbackAndSetAutoCommitAreWovenSoThatWaitingHealsRunAfterThem() throws Exception {
        Map<String, TreeSet<String>> all = new TreeMap<>();
        for (String cls : List.of("org.sqlite.SQLiteConnection", "org.sqlite.jdbc3.JDBC3Connection")) {
            all.putAll(woven(cls, false, false));
        }
        for (String m : List.of("commit()V", "rollback()V", "setAutoCommit(Z)V", "setReadOnly(Z)V")) {
            assertEquals(java.util.Set.of("transactionEndedIf"), all.get(m), m + " in " + all);
        }
        assertTrue(all.keySet().stream().noneMatch(m -> m.startsWith("rollback(Ljava/sql/Savepoint;)")),
                "rolling back to a savepoint ends no transaction: " + all);
    }
}
