package io.schemaheal.agent;

import java.lang.instrument.Instrumentation;

/**
 * The SchemaHeal {@code -javaagent}: weaves the JDBC drivers' own classes wherever they declare
 * {@code prepareStatement}/{@code prepareCall} and the {@code execute*} methods (sqlite-jdbc declares them in
 * abstract superclasses), see {@link JdbcWeaver}. It hands out no wrappers, so the application's objects stay
 * the driver's own. A broken configuration logs one ERROR and leaves the application running exactly as
 * without the agent; {@code schemaheal.mode=off} stops it before it loads anything else of its own.
 */
public final class SchemaHealAgent {

    private SchemaHealAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        if (!switchedOff()) {
            AgentInstaller.install(instrumentation, false);
        }
    }

    /** Attached to a running JVM: the next failing statement heals. */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        if (!switchedOff()) {
            AgentInstaller.install(instrumentation, true);
        }
    }

    /**
     * {@code schemaheal.mode=off} as a system property or in the environment (which the configuration file
     * cannot override): the agent stops before it loads anything of its own.
     */
    private static boolean switchedOff() {
        String mode = System.getProperty("schemaheal.mode", System.getenv("SCHEMAHEAL_MODE"));
        return mode != null && mode.strip().equalsIgnoreCase("off");
    }
}
