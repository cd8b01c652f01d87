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
        if (inactive || className == null || classfileBuffer == null || className.startsWith("java/") || className.startsWith("jdk/")
                || className.startsWith("sun/") || className.startsWith("io/schemaheal/")
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

    /** True when {@code pattern} occurs in {@code bytes}. */
    static boolean contains(byte[] bytes, byte[] pattern) {
        byte first = pattern[0];
        int last = bytes.length - pattern.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int k = 1; k < pattern.length; k++) {
                if (bytes[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
