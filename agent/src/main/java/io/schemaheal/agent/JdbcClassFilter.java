package io.schemaheal.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.function.Function;

/**
 * What the agent registers at {@code premain}: a filter that costs a byte search per class loaded, in front
 * of {@link JdbcWeaver}, which it makes only when the first class that can be a JDBC driver's arrives. Every
 * method the agent instruments declares {@code throws SQLException}, so a class whose constant pool does not
 * name {@code java/sql/SQLException} is none of its business; the application pays for the weaving (and for
 * reading a configuration found only then) once it loads a JDBC driver, and never for any other class.
 */
final class JdbcClassFilter implements ClassFileTransformer {

    private static final byte[] SQL_EXCEPTION = JdbcWeaver.SQL_EXCEPTION.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Makes the weaver, given the first JDBC class's loader; null when the agent stays inactive. */
    private final Function<ClassLoader, JdbcWeaver> factory;
    private volatile JdbcWeaver weaver;
    private volatile boolean inactive;

    JdbcClassFilter(Function<ClassLoader, JdbcWeaver> factory) {
        this.factory = factory;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (inactive || className == null || classfileBuffer == null || ignored(className)
                || !namesSqlException(classfileBuffer)) {
            return null;
        }
        JdbcWeaver delegate = weaver;
        if (delegate == null) {
            synchronized (this) {
                if (weaver == null && !inactive) {
                    weaver = factory.apply(loader);
                    inactive = weaver == null;
                }
                delegate = weaver;
            }
            if (delegate == null) {
                return null;
            }
        }
        return delegate.transform(className, classfileBuffer);
    }

    /**
     * SchemaHeal's own classes, the agent's and an application's schemaheal-jdbc alike. Built at run time: the
     * shade plugin rewrites a literal "io/schemaheal/" in the agent jar to the agent's relocated copy's package.
     */
    private static final String SCHEMAHEAL = String.join("/", "io", "schemaheal", "");
    /** Connection pools and JDBC proxies wrap the driver's objects: the driver's own method heals. */
    private static final String[] IGNORED = {SCHEMAHEAL, "java/", "javax/", "jdk/", "sun/",
            "com/sun/", "com/zaxxer/hikari/", "com/p6spy/", "net/ttddyy/dsproxy/", "org/apache/commons/dbcp"};

    /** Classes the agent never weaves, by internal name: SchemaHeal's (its Byte Buddy too), the JDK's, pools' and proxies'. */
    static boolean ignored(String className) {
        for (String prefix : IGNORED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** How far {@link #namesSqlException} may skip ahead on each byte (Horspool). */
    private static final int[] SKIP = new int[256];

    static {
        java.util.Arrays.fill(SKIP, SQL_EXCEPTION.length);
        for (int i = 0; i < SQL_EXCEPTION.length - 1; i++) {
            SKIP[SQL_EXCEPTION[i] & 0xFF] = SQL_EXCEPTION.length - 1 - i;
        }
    }

    /**
     * True when {@code java/sql/SQLException} occurs in {@code bytes}: Boyer-Moore-Horspool, which looks at
     * about one byte in ten of a class file (every class the application loads passes here).
     */
    static boolean namesSqlException(byte[] bytes) {
        int last = SQL_EXCEPTION.length - 1;
        for (int i = last; i < bytes.length; i += SKIP[bytes[i] & 0xFF]) {
            int k = 0;
            while (k <= last && bytes[i - k] == SQL_EXCEPTION[last - k]) {
                k++;
            }
            if (k > last) {
                return true;
            }
        }
        return false;
    }
}
