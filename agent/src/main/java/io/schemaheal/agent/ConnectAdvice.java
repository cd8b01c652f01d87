package io.schemaheal.agent;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDBC drivers' own {@code Driver.connect} (a JVM the agent was attached to while running; see
 * {@link JdbcWeaver} for the rest): the agent learns how the application logs in, and with
 * {@code schemaheal.heal-on-connect=true} the first connection of the process to each
 * database heals everything missing before the application has it.
 */
public final class ConnectAdvice {

    private ConnectAdvice() {
    }

    /** Bound to whether {@code schemaheal.heal-on-connect} is on (see {@link ByteBuddyInstaller}). */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)
    @interface HealOnConnect {
    }

    @Advice.OnMethodExit
    public static void exit(@Advice.Return Object connection, @Advice.This Object driver, @Advice.Argument(0) String url,
                            @Advice.Argument(1) java.util.Properties info, @HealOnConnect boolean healOnConnect) {
        if (connection != null) {
            AgentHooks.onConnect(connection, driver, url, info, healOnConnect);
        }
    }
}
