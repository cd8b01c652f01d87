package io.schemaheal.agent;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDBC drivers' own {@code Driver.connect} when {@code schemaheal.heal-on-connect=true}: the
 * first connection of the process to each database heals everything missing before the application has it.
 * Installed only when that key is set, so it costs nothing otherwise.
 */
public final class ConnectAdvice {

    private ConnectAdvice() {
    }

    @Advice.OnMethodExit
    public static void exit(@Advice.Return Object connection) {
        if (connection != null) {
            AgentHooks.onConnect(connection);
        }
    }
}
