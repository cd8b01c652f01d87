package io.schemaheal.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * Everything of the agent that uses Byte Buddy beyond its copy of ASM: weaving the classes already loaded
 * when the agent is attached to a running JVM (retransformation may not add methods, as {@link JdbcWeaver}
 * does, so the advice is inlined). The same methods as {@link JdbcWeaver}'s, with the same advice.
 */
final class ByteBuddyInstaller {

    private ByteBuddyInstaller() {
    }

    /** Attached to a running JVM: the drivers' classes already loaded are transformed too. */
    static void retransform(Instrumentation instrumentation, boolean healOnConnect) {
        agentBuilder(healOnConnect).with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION).installOn(instrumentation);
    }

    /** The transformer: {@link JdbcAdvice} on the drivers' JDBC methods, {@link ConnectAdvice} on connect. */
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
                .ignore(new ElementMatcher.Junction.AbstractBase<TypeDescription>() {
                    @Override
                    public boolean matches(TypeDescription type) {
                        return type.isSynthetic() || JdbcClassFilter.ignored(type.getInternalName());
                    }
                })
                // pgjdbc: an error aborts the transaction, so its executions may need a guard savepoint first
                .type(nameStartsWith("org.postgresql.").and(not(isInterface())).and(declaresMethod(jdbcMethods)))
                .transform((b, type, loader, module, domain) -> b.visit(Advice.to(PgJdbcAdvice.class).on(jdbcMethods)))
                .type(not(nameStartsWith("org.postgresql.")).and(not(isInterface())).and(declaresMethod(jdbcMethods)))
                .transform((b, type, loader, module, domain) -> b.visit(Advice.to(JdbcAdvice.class).on(jdbcMethods)));
        Advice connectAdvice = Advice.withCustomMapping().bind(ConnectAdvice.HealOnConnect.class, healOnConnect)
                .to(ConnectAdvice.class);
        return builder.type(not(isInterface()).and(declaresMethod(connect)))
                .transform((b, type, loader, module, domain) -> b.visit(connectAdvice.on(connect)));
    }

    /** {@link JdbcWeaver#heals}, as a Byte Buddy matcher: the same methods whichever weaves them. */
    static ElementMatcher.Junction<MethodDescription> jdbcMethods() {
        return new ElementMatcher.Junction.AbstractBase<>() {
            @Override
            public boolean matches(MethodDescription m) {
                return JdbcWeaver.heals(m.getModifiers(), m.getInternalName(), m.getDescriptor(), exceptions(m));
            }
        };
    }

    /** {@link JdbcWeaver#connects}, as a Byte Buddy matcher. */
    static ElementMatcher.Junction<MethodDescription> driverConnect() {
        return new ElementMatcher.Junction.AbstractBase<>() {
            @Override
            public boolean matches(MethodDescription m) {
                return JdbcWeaver.connects(m.getModifiers(), m.getInternalName(), m.getDescriptor());
            }
        };
    }

    private static String[] exceptions(MethodDescription m) {
        return m.getExceptionTypes().asErasures().stream().map(TypeDescription::getInternalName).toArray(String[]::new);
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
