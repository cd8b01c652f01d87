package io.schemaheal.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.sql.SQLException;

import static net.bytebuddy.matcher.ElementMatchers.declaresException;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Everything of the agent that uses Byte Buddy, kept in one class so that nothing loads Byte Buddy before
 * it is needed: {@link SchemaHealAgent} reaches it only when a class that can be a JDBC driver's arrives
 * (see {@link JdbcClassFilter}), or at once when attached to a running JVM.
 */
final class ByteBuddyInstaller {

    private ByteBuddyInstaller() {
    }

    /** The transformer for classes still to be loaded. */
    static ClassFileTransformer transformer(boolean healOnConnect) {
        return agentBuilder(healOnConnect).makeRaw();
    }

    /** Attached to a running JVM: the drivers' classes already loaded are transformed too. */
    static void retransform(Instrumentation instrumentation, boolean healOnConnect) {
        agentBuilder(healOnConnect).with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION).installOn(instrumentation);
    }

    /** The transformer: {@link JdbcAdvice} on the drivers' JDBC methods, {@link ConnectAdvice} on connect when asked. */
    private static AgentBuilder agentBuilder(boolean healOnConnect) {
        // the advice is inlined (no class format changes), so nothing is injected: Byte Buddy need not reach for
        // sun.misc.Unsafe, which Java 24 and later warn about at every start. The shade plugin relocates this
        // constant with Byte Buddy, so it is the agent's own copy's switch, not the application's.
        if (System.getProperty(ClassInjector.UsingUnsafe.SAFE_PROPERTY) == null) {
            System.setProperty(ClassInjector.UsingUnsafe.SAFE_PROPERTY, "true");
        }
        ElementMatcher.Junction<MethodDescription> jdbcMethods = jdbcMethods();
        ElementMatcher.Junction<MethodDescription> connect = driverConnect();
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(new ErrorListener())
                .ignore(nameStartsWith("net.bytebuddy.")
                        .or(nameStartsWith("io.schemaheal."))
                        .or(nameStartsWith("java.")).or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
                        .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun."))
                        // connection pools and JDBC proxies wrap the driver's objects: the driver's own method heals
                        .or(nameStartsWith("com.zaxxer.hikari.")).or(nameStartsWith("com.p6spy."))
                        .or(nameStartsWith("net.ttddyy.dsproxy.")).or(nameStartsWith("org.apache.commons.dbcp"))
                        .or(isSynthetic()))
                // pgjdbc: an error aborts the transaction, so its executions may need a guard savepoint first
                .type(nameStartsWith("org.postgresql.").and(not(isInterface())).and(declaresMethod(jdbcMethods)))
                .transform((b, type, loader, module, domain) -> b.visit(Advice.to(PgJdbcAdvice.class).on(jdbcMethods)))
                .type(not(nameStartsWith("org.postgresql.")).and(not(isInterface())).and(declaresMethod(jdbcMethods)))
                .transform((b, type, loader, module, domain) -> b.visit(Advice.to(JdbcAdvice.class).on(jdbcMethods)));
        if (healOnConnect) {
            builder = builder.type(not(isInterface()).and(declaresMethod(connect)))
                    .transform((b, type, loader, module, domain) -> b.visit(Advice.to(ConnectAdvice.class).on(connect)));
        }
        return builder;
    }

    /**
     * The driver methods that heal: preparing a statement, and every execution whose failure leaves the
     * call repeatable. Batches are left out: drivers clear a batch when it fails, so it cannot run again.
     */
    static ElementMatcher.Junction<MethodDescription> jdbcMethods() {
        return isPublic().and(not(isStatic())).and(not(isAbstract())).and(declaresException(SQLException.class))
                .and(named("prepareStatement").and(takesArgument(0, String.class)).and(returns(named("java.sql.PreparedStatement")))
                        .or(named("prepareCall").and(takesArgument(0, String.class)).and(returns(named("java.sql.CallableStatement"))))
                        .or(named("executeQuery").and(returns(named("java.sql.ResultSet"))).and(jdbcExecuteArguments()))
                        .or(named("executeUpdate").and(returns(int.class)).and(jdbcExecuteArguments()))
                        .or(named("executeLargeUpdate").and(returns(long.class)).and(jdbcExecuteArguments()))
                        .or(named("execute").and(returns(boolean.class)).and(jdbcExecuteArguments())));
    }

    /** A driver's {@code Driver.connect(String, Properties)}: where schemaheal.heal-on-connect heals. */
    static ElementMatcher.Junction<MethodDescription> driverConnect() {
        return isPublic().and(not(isStatic())).and(not(isAbstract())).and(named("connect")).and(takesArguments(2))
                .and(takesArgument(0, String.class)).and(takesArgument(1, named("java.util.Properties")))
                .and(returns(named("java.sql.Connection")));
    }

    /**
     * The parameters of JDBC's {@code execute*} methods: none (a prepared statement), the SQL, or the SQL and
     * how to return generated keys. A driver's internal methods of the same name (sqlite-jdbc's
     * {@code DB.execute(CoreStatement, Object[])}, run for every statement) are left as they are.
     */
    private static ElementMatcher.Junction<MethodDescription> jdbcExecuteArguments() {
        return takesArguments(0)
                .or(takesArguments(1).and(takesArgument(0, String.class)))
                .or(takesArguments(2).and(takesArgument(0, String.class))
                        .and(takesArgument(1, int.class).or(takesArgument(1, int[].class)).or(takesArgument(1, String[].class))));
    }

    /** Logs once a class the agent could not instrument, and goes on. */
    private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            AgentHooks.logOnce("transform:" + typeName, "SchemaHeal agent left {} as it is: {}", typeName, throwable.toString());
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                                     boolean loaded, DynamicType dynamicType) {
            // nothing to report
        }
    }
}
