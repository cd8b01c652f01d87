package io.schemaheal.dialect.postgres;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.util.Optional;

/**
 * Whether pgjdbc has begun the transaction of a connection out of auto-commit: it sends {@code BEGIN} with the first
 * statement, so until then its transaction state is {@code IDLE} and a statement about to run is the first of the
 * transaction. Read through {@code org.postgresql.core.BaseConnection.getTransactionState()}, found in the connection's
 * own class loader (SchemaHeal does not link against pgjdbc); false where the driver is not pgjdbc.
 */
public final class PgJdbcTransactionState {

    private record Reader(Class<?> baseConnection, Method state) {
    }

    private static final ClassValue<Optional<Reader>> READERS = new ClassValue<>() {
        @Override
        protected Optional<Reader> computeValue(Class<?> connectionClass) {
            try {
                Class<?> base = Class.forName("org.postgresql.core.BaseConnection", false, connectionClass.getClassLoader());
                return Optional.of(new Reader(base, base.getMethod("getTransactionState")));
            } catch (ReflectiveOperationException | LinkageError notPgJdbc) {
                return Optional.empty();
            }
        }
    };

    private PgJdbcTransactionState() {
    }

    /** True when {@code c} (pgjdbc's, or a pool's wrapper of it) is out of auto-commit and has not begun its transaction. */
    public static boolean notBegun(Connection c) {
        Reader reader = READERS.get(c.getClass()).orElse(null);
        if (reader == null) {
            return false;
        }
        try {
            Object pg = reader.baseConnection().isInstance(c) ? c : c.unwrap(reader.baseConnection());
            return ((Enum<?>) reader.state().invoke(pg)).name().equals("IDLE");
        } catch (ReflectiveOperationException | java.sql.SQLException | RuntimeException unknown) {
            return false; // cannot tell: as if begun, so nothing is rolled back
        }
    }
}
