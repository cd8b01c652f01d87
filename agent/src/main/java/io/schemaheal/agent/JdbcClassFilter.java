package io.schemaheal.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.function.Function;

/**
 * What the agent registers at {@code premain}: a filter that costs a byte search per class loaded, in front
 * of Byte Buddy's transformer, which it builds only when the first class that can be a JDBC driver's
 * arrives. Every method the agent instruments declares {@code throws SQLException}, so a class whose
 * constant pool does not name {@code java/sql/SQLException} is none of its business; the application pays
 * for Byte Buddy only once it loads a JDBC driver, and never for the type description of any other class.
 */
final class JdbcClassFilter implements ClassFileTransformer {

    private static final byte[] SQL_EXCEPTION = "java/sql/SQLException".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Builds Byte Buddy's transformer, given the first JDBC class's loader; null when the agent stays inactive. */
    private final Function<ClassLoader, ClassFileTransformer> factory;
    private volatile ClassFileTransformer byteBuddy;
    private volatile boolean inactive;

    JdbcClassFilter(Function<ClassLoader, ClassFileTransformer> factory) {
        this.factory = factory;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (inactive || className == null || classfileBuffer == null || ignored(className)
                || !contains(classfileBuffer, SQL_EXCEPTION)) {
            return null;
        }
        ClassFileTransformer delegate = byteBuddy;
        if (delegate == null) {
            synchronized (this) {
                if (byteBuddy == null && !inactive) {
                    byteBuddy = factory.apply(loader);
                    inactive = byteBuddy == null;
                }
                delegate = byteBuddy;
            }
            if (delegate == null) {
                return null;
            }
        }
        return delegate.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
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

    /** How far {@link #contains} may skip ahead on each byte (Horspool), for {@link #SQL_EXCEPTION}. */
    private static final int[] SKIP = skipTable(SQL_EXCEPTION);

    private static int[] skipTable(byte[] pattern) {
        int[] skip = new int[256];
        java.util.Arrays.fill(skip, pattern.length);
        for (int i = 0; i < pattern.length - 1; i++) {
            skip[pattern[i] & 0xFF] = pattern.length - 1 - i;
        }
        return skip;
    }

    /**
     * True when {@code pattern} occurs in {@code bytes}: Boyer-Moore-Horspool, which looks at about one byte
     * in ten of a class file for this pattern (every class the application loads passes here).
     */
    static boolean contains(byte[] bytes, byte[] pattern) {
        int[] skip = pattern == SQL_EXCEPTION ? SKIP : skipTable(pattern);
        int last = pattern.length - 1;
        for (int i = last; i < bytes.length; i += skip[bytes[i] & 0xFF]) {
            int k = 0;
            while (k <= last && bytes[i - k] == pattern[last - k]) {
                k++;
            }
            if (k > last) {
                return true;
            }
        }
        return false;
    }
}
