package io.schemaheal.agent;

import java.lang.reflect.Field;

/**
 * The SQL of a driver's {@code PreparedStatement}, read from the driver's own object (pgjdbc: its
 * {@code preparedQuery}'s key, the SQL or a key object holding it in {@code sql}; MariaDB Connector/J and sqlite-jdbc:
 * the statement's {@code sql}): what its guard is decided by, and what a failure's missing column is looked up in. Null when the driver's classes are not shaped so (another version): the statement then
 * runs unguarded, as before.
 */
final class PreparedSql {

    private static final ClassValue<Field> QUERY = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            return field(type, "preparedQuery");
        }
    };
    private static final ClassValue<Field> KEY = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            return field(type, "key");
        }
    };
    private static final ClassValue<Field> SQL = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            return field(type, "sql");
        }
    };

    private PreparedSql() {
    }

    static String of(Object statement) {
        try {
            Object query = read(QUERY, statement);
            if (query == null) {
                Object own = read(SQL, statement); // MariaDB Connector/J and sqlite-jdbc keep it on the statement
                return own instanceof String ? (String) own : null;
            }
            Object key = read(KEY, query);
            if (key instanceof String) {
                return (String) key;
            }
            Object sql = key == null ? null : read(SQL, key);
            return sql instanceof String ? (String) sql : null;
        } catch (ReflectiveOperationException | RuntimeException notThisShape) {
            return null;
        }
    }

    private static Object read(ClassValue<Field> fields, Object target) throws IllegalAccessException {
        Field f = fields.get(target.getClass());
        return f == null ? null : f.get(target);
    }

    /** The field {@code name} of {@code type} or a superclass, made readable; null when there is none. */
    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException next) {
                // look in the superclass
            } catch (RuntimeException inaccessible) {
                return null; // a named module that does not open the package
            }
        }
        return null;
    }
}
