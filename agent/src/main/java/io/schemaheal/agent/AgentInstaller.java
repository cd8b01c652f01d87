package io.schemaheal.agent;

import io.schemaheal.config.ConfigException;
import io.schemaheal.config.ConfigResolver;
import io.schemaheal.config.HealSettings;
import io.schemaheal.config.VendorLocations;
import io.schemaheal.log.HealLog;
import io.schemaheal.manifest.ManifestException;
import io.schemaheal.manifest.MigrationLocation;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * What {@link SchemaHealAgent} does once it is to do anything: reads the configuration, and registers the
 * weaving of the JDBC drivers' classes (or, attached to a running JVM, retransforms them). A class of its
 * own, so that a switched-off agent loads nothing of this.
 */
final class AgentInstaller {

    private static final HealLog LOG = HealLog.get();
    private static boolean installed;

    private AgentInstaller() {
    }

    /** What the configuration says the agent is to do. */
    private enum Activation {
        /** No migrations configured, as far as this class loader sees. */
        UNCONFIGURED,
        /** {@code schemaheal.mode=off}, or a broken configuration (reported). */
        OFF,
        HEAL,
        HEAL_AND_HEAL_ON_CONNECT
    }

    /** @param attached true when the JVM runs already (its drivers' classes may be loaded: they are retransformed) */
    static synchronized void install(Instrumentation instrumentation, boolean attached) {
        if (installed) {
            return;
        }
        Activation now = settingsInSight(null) ? activation(null) : Activation.UNCONFIGURED;
        if (now == Activation.OFF) {
            return;
        }
        if (now == Activation.UNCONFIGURED && attached) {
            reportUnconfigured();
            return;
        }
        // classes loading from now on are woven by JdbcWeaver as they load. At premain no driver class is loaded yet;
        // with no configuration in sight, a schemaheal.properties may still be among the application's resources, which
        // only its own class loader sees (a Spring Boot executable jar's BOOT-INF/classes): looked for then, through the
        // loader of that first JDBC class. Attached to a running JVM, the drivers' classes already loaded are woven the
        // same way, retransformed (the weaving adds nothing a retransformation may not)
        JdbcClassFilter filter = new JdbcClassFilter(new WeaverFactory(now));
        instrumentation.addTransformer(filter, attached);
        if (attached) {
            retransformLoaded(instrumentation);
        }
        installed = true;
    }

    /** The loaded classes with a method the agent weaves, retransformed one by one (one that fails is left and said). */
    private static void retransformLoaded(Instrumentation instrumentation) {
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.isInterface() || type.isArray() || type.isPrimitive() || !instrumentation.isModifiableClass(type)
                    || JdbcClassFilter.ignored(type.getName().replace('.', '/'))) {
                continue;
            }
            try {
                boolean woven = false;
                for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
                    woven |= JdbcWeaver.weaves(m);
                }
                if (woven) {
                    instrumentation.retransformClasses(type);
                }
            } catch (Throwable t) {
                AgentHooks.logOnce("transform:" + type.getName(), "SchemaHeal agent left {} as it is: {}", type.getName(),
                        t.toString());
            }
        }
    }

    /**
     * The weaver for the first JDBC class, given its loader: a class, not a lambda, as nothing the agent runs at
     * {@code premain} or at its first weave is one (in a cold JVM the first lambda of a class costs the spinning of its
     * bootstrap's classes).
     */
    private static final class WeaverFactory implements java.util.function.Function<ClassLoader, JdbcWeaver> {
        private final Activation now;

        WeaverFactory(Activation now) {
            this.now = now;
        }

        @Override
        public JdbcWeaver apply(ClassLoader loader) {
            Activation then = now != Activation.UNCONFIGURED ? now
                    : settingsInSight(loader) ? activation(loader) : Activation.UNCONFIGURED;
            if (then == Activation.UNCONFIGURED) {
                reportUnconfigured();
            }
            return then == Activation.HEAL || then == Activation.HEAL_AND_HEAL_ON_CONNECT
                    ? new JdbcWeaver(then == Activation.HEAL_AND_HEAL_ON_CONNECT) : null;
        }
    }

    /**
     * Whether there can be any configuration to read: a {@code schemaheal.*} system property, a
     * {@code SCHEMAHEAL_*} environment variable, or a {@code schemaheal.properties} that {@code application},
     * the thread's or the system class loader sees. Told without loading any of SchemaHeal's configuration
     * classes: an agent given no configuration costs next to nothing.
     */
    private static boolean settingsInSight(ClassLoader application) {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("schemaheal.")) {
                return true;
            }
        }
        for (String variable : System.getenv().keySet()) {
            if (variable.startsWith("SCHEMAHEAL_")) {
                return true;
            }
        }
        for (ClassLoader loader : new ClassLoader[] {application, Thread.currentThread().getContextClassLoader(),
                ClassLoader.getSystemClassLoader()}) {
            if (loader != null && loader.getResource("schemaheal.properties") != null) {
                return true;
            }
        }
        return false;
    }

    private static void reportUnconfigured() {
        LOG.error("SchemaHeal agent is inactive: no migrations are configured; set -Dschemaheal.migrations=... "
                + "(or SCHEMAHEAL_MIGRATIONS, schemaheal.db.NAME.url and .migrations, or schemaheal.properties)");
    }

    /**
     * Reads the configuration, with {@code schemaheal.properties} also looked for through {@code application};
     * a broken one is reported here, once.
     */
    private static Activation activation(ClassLoader application) {
        try {
            ConfigResolver config = ConfigResolver.load(null, application);
            List<List<String>> sets = config.migrationSets();
            if (sets.isEmpty()) {
                return Activation.UNCONFIGURED;
            }
            if ("off".equalsIgnoreCase(String.valueOf(config.value(ConfigResolver.MODE)).strip())) {
                return Activation.OFF;
            }
            // only whether each location is there: its scripts are read at the first connection that needs them (a
            // failure to heal, a statement to guard, heal-on-connect), reported then; a JVM that never needs them never
            // pays for reading them at start-up
            for (List<String> set : sets) {
                for (String location : set) {
                    if (VendorLocations.namesVendor(location) || location.equals(HealSettings.NEXT_SET)) {
                        continue; // {vendor}: a folder per database, looked for at the first connection to one
                    }
                    try {
                        MigrationLocation.parse(location).checkThere();
                    } catch (ManifestException e) {
                        if (!e.notVisibleHere()) {
                            throw e;
                        }
                        // a classpath: location the system class loader does not see (a Spring Boot executable jar):
                        // read through the application's loader at its first connection, reported then if not there
                    }
                }
            }
            // schemaheal.db.NAME kinds may differ; the connect hook is installed when the key is on at all
            return "true".equalsIgnoreCase(String.valueOf(config.value(ConfigResolver.HEAL_ON_CONNECT)).strip())
                    ? Activation.HEAL_AND_HEAL_ON_CONNECT : Activation.HEAL;
        } catch (ConfigException | ManifestException e) {
            LOG.error("SchemaHeal agent is disabled, the application runs without it: {}", e.getMessage());
            return Activation.OFF;
        }
    }
}
