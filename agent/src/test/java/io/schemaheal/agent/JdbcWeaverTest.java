package io.schemaheal.agent;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
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

    /** The methods of a class file: "public name(descriptor)" or "private synthetic name(descriptor)". */
    private static List<String> methods(byte[] bytes) {
        TreeSet<String> out = new TreeSet<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                String how = (access & Opcodes.ACC_PUBLIC) != 0 ? "public " : (access & Opcodes.ACC_PRIVATE) != 0
                        && (access & Opcodes.ACC_SYNTHETIC) != 0 ? "private synthetic " : "other ";
                out.add(how + name + descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return List.copyOf(out);
    }

    @Test
    void aStatementsExecuteMethodsKeepTheirNamesAndTheirBodiesMoveToPrivateMethods() throws Exception {
        byte[] original = classFile("org.sqlite.jdbc3.JDBC3Statement");
        List<String> woven = methods(new JdbcWeaver(false).weave(original, false));
        List<String> before = methods(original);
        for (String m : before) {
            assertTrue(woven.contains(m), "every method is still there, as it was: " + m);
        }
        List<String> added = woven.stream().filter(m -> !before.contains(m)).toList();
        assertTrue(added.stream().anyMatch(m -> m.matches(
                "private synthetic schemaheal\\$executeQuery\\$\\d+\\(Ljava/lang/String;\\)Ljava/sql/ResultSet;")), added.toString());
        assertTrue(added.stream().allMatch(m -> m.startsWith("private synthetic schemaheal$")), added.toString());
    }

    /**
     * heal-on-connect's wrapper of a {@code connect} that returns the driver's own type (MariaDB Connector/J): the JVM
     * verifies the woven class (its stack frame named {@code java.sql.Connection} before, a VerifyError at load).
     */
    @Test
    void aConnectReturningTheDriversOwnTypeIsWovenIntoAClassTheJvmAccepts() throws Exception {
        String name = "org.mariadb.jdbc.Driver";
        byte[] woven = new JdbcWeaver(true).weave(classFile(name), false);
        assertTrue(methods(woven).stream().anyMatch(m -> m.startsWith("private synthetic schemaheal$connect$")),
                methods(woven).toString());
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (!n.equals(name)) {
                    return super.loadClass(n, resolve);
                }
                synchronized (getClassLoadingLock(n)) {
                    Class<?> c = findLoadedClass(n);
                    return c != null ? c : defineClass(n, woven, 0, woven.length);
                }
            }
        };
        Class<?> driver = Class.forName(name, true, loader);
        assertEquals(loader, driver.getClassLoader(), "the woven class, verified and initialised");
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
        byte[] driver = classFile("org.sqlite.JDBC");
        List<String> before = methods(driver);
        for (boolean healOnConnect : new boolean[] {false, true}) {
            List<String> added = methods(new JdbcWeaver(healOnConnect).weave(driver, false)).stream()
                    .filter(m -> !before.contains(m)).toList();
            assertEquals(List.of("private synthetic schemaheal$connect$0(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;"),
                    added, "heal-on-connect " + healOnConnect);
        }
    }

    @Test
    void aConnectionsCommitRollbackAndSetAutoCommitAreWovenSoThatWaitingHealsRunAfterThem() throws Exception {
        List<String> added = new java.util.ArrayList<>();
        for (String cls : List.of("org.sqlite.SQLiteConnection", "org.sqlite.jdbc3.JDBC3Connection")) {
            byte[] connection = classFile(cls);
            List<String> before = methods(connection);
            methods(new JdbcWeaver(false).weave(connection, false)).stream()
                    .filter(m -> !before.contains(m)).map(m -> m.replaceAll("\\$\\d+", "")).forEach(added::add);
        }
        assertTrue(added.containsAll(List.of("private synthetic schemaheal$commit()V", "private synthetic schemaheal$rollback()V",
                "private synthetic schemaheal$setAutoCommit(Z)V", "private synthetic schemaheal$setReadOnly(Z)V")), added.toString());
        assertTrue(added.stream().noneMatch(m -> m.contains("rollback(Ljava/sql/Savepoint;)")),
                "rolling back to a savepoint ends no transaction: " + added);
    }
}
