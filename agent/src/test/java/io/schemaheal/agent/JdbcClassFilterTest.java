package io.schemaheal.agent;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte search that decides which loading classes can be a JDBC driver's. */
class JdbcClassFilterTest {

    private static final byte[] PATTERN = "java/sql/SQLException".getBytes(StandardCharsets.US_ASCII);

    private static boolean naive(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (bytes[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void findsThePatternWhereverItIsAndOnlyThen() {
        Random random = new Random(7);
        byte[] alphabet = "java/sql/SQLExceptionx;L".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(80)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)]; // near misses are frequent
            }
            if (random.nextInt(3) == 0 && bytes.length >= PATTERN.length) {
                System.arraycopy(PATTERN, 0, bytes, random.nextInt(bytes.length - PATTERN.length + 1), PATTERN.length);
            }
            assertEquals(naive(bytes, PATTERN), JdbcClassFilter.namesSqlException(bytes), new String(bytes, StandardCharsets.US_ASCII));
        }
        assertTrue(JdbcClassFilter.namesSqlException(PATTERN));
        assertFalse(JdbcClassFilter.namesSqlException("java/sql/SQLExceptio".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aDriverClassNamesSqlExceptionAndAnOrdinaryClassDoesNot() throws Exception {
        assertTrue(JdbcClassFilter.namesSqlException(classFile("org/sqlite/jdbc3/JDBC3Statement")));
        assertFalse(JdbcClassFilter.namesSqlException(classFile("org/junit/jupiter/api/Assertions")));
    }

    private static byte[] classFile(String name) throws Exception {
        try (InputStream in = JdbcClassFilterTest.class.getClassLoader().getResourceAsStream(name + ".class")) {
            return in.readAllBytes();
        }
    }
}
