package io.schemaheal.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated delegation ({@code DelegatingX}, written at build time by {@code GenerateJdbcDelegation}) calls the
 * driver's same method with the same arguments, once, for every method it implements; result sets come back wrapped
 * with the wrapper as their statement; {@code unwrap} reaches the driver's object.
 */
class DelegationTest {

    /** One call the driver's object received. */
    record Call(Method method, Object[] args) {
    }

    static Stream<Arguments> wrappers() {
        HealingConnection connection = new HealingConnection(recorder(Connection.class, new ArrayList<>()), null);
        return Stream.of(
                Arguments.of(Connection.class, DelegatingConnection.class,
                        (Function<Object, Object>) d -> new HealingConnection((Connection) d, null)),
                Arguments.of(Statement.class, DelegatingStatement.class,
                        (Function<Object, Object>) d -> new HealingStatement(connection, (Statement) d)),
                Arguments.of(PreparedStatement.class, DelegatingPreparedStatement.class,
                        (Function<Object, Object>) d -> new HealingPreparedStatement(connection, (PreparedStatement) d, "select 1")),
                Arguments.of(CallableStatement.class, DelegatingCallableStatement.class,
                        (Function<Object, Object>) d -> new HealingCallableStatement(connection, (CallableStatement) d, "call p()")),
                Arguments.of(ResultSet.class, DelegatingResultSet.class,
                        (Function<Object, Object>) d -> new HealingResultSet(null, (ResultSet) d)),
                Arguments.of(DatabaseMetaData.class, DelegatingDatabaseMetaData.class,
                        (Function<Object, Object>) d -> new HealingDatabaseMetaData(connection, (DatabaseMetaData) d)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrappers")
    void everyGeneratedMethodCallsTheDriversSameMethodWithTheSameArguments(
            Class<?> api, Class<?> generated, Function<Object, Object> wrap) throws Exception {
        List<Call> calls = new ArrayList<>();
        Object delegate = recorder(api, calls);
        Object wrapper = wrap.apply(delegate);
        int checked = 0;
        for (Method m : generated.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isAbstract(m.getModifiers()) || m.isSynthetic()
                    || m.getName().equals("unwrap") || m.getName().equals("isWrapperFor")) {
                continue;
            }
            calls.clear();
            Object[] args = samples(m.getParameterTypes());
            Object result = m.invoke(wrapper, args);
            assertEquals(1, calls.size(), m + " calls the driver once");
            Call call = calls.get(0);
            assertEquals(m.getName(), call.method().getName(), m.toString());
            assertArrayEquals(m.getParameterTypes(), call.method().getParameterTypes(), m.toString());
            assertArrayEquals(args, call.args() == null ? new Object[0] : call.args(), m + " passes its arguments in order");
            if (m.getReturnType() == ResultSet.class) {
                HealingResultSet rs = assertInstanceOf(HealingResultSet.class, result, m + " wraps its result set");
                assertSame(wrapper instanceof Statement ? wrapper : null, rs.getStatement(), m.toString());
            }
            checked++;
        }
        assertTrue(checked > 10, "checked " + checked + " methods of " + generated.getSimpleName());
        Method unwrap = api.getMethod("unwrap", Class.class);
        assertSame(delegate, unwrap.invoke(wrapper, api), "unwrap reaches the driver's object");
        assertEquals(true, api.getMethod("isWrapperFor", Class.class).invoke(wrapper, api));
    }

    /** A driver object that records every call and returns a recording result set, a default value, or null. */
    static <T> T recorder(Class<T> api, List<Call> calls) {
        return api.cast(Proxy.newProxyInstance(DelegationTest.class.getClassLoader(), new Class<?>[] {api},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals") ? proxy == args[0]
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : api.getName();
                    }
                    calls.add(new Call(method, args));
                    Class<?> type = method.getReturnType();
                    if (type == ResultSet.class) {
                        return recorder(ResultSet.class, new ArrayList<>());
                    }
                    return type.isPrimitive() ? defaultOf(type) : null;
                }));
    }

    /** Distinct arguments per position, so that swapped arguments show. */
    private static Object[] samples(Class<?>[] types) {
        Object[] args = new Object[types.length];
        for (int k = 0; k < types.length; k++) {
            args[k] = sample(types[k], k);
        }
        return args;
    }

    // each branch returns Object: a ?: chain over number types would promote them all to double
    private static Object sample(Class<?> t, int k) {
        int n = k + 3;
        if (t == int.class) return n;
        if (t == long.class) return (long) n;
        if (t == short.class) return (short) n;
        if (t == byte.class) return (byte) n;
        if (t == double.class) return (double) n;
        if (t == float.class) return (float) n;
        if (t == boolean.class) return k % 2 == 0;
        if (t == String.class) return "arg" + k;
        if (t == int[].class) return new int[] {n};
        if (t == String[].class) return new String[] {"arg" + k};
        return null;
    }

    private static Object defaultOf(Class<?> type) {
        if (type == boolean.class) return false;
        if (type == long.class) return 0L;
        if (type == double.class) return 0.0;
        if (type == float.class) return 0f;
        if (type == short.class) return (short) 0;
        if (type == byte.class) return (byte) 0;
        return type == void.class ? null : (Object) 0;
    }
}
