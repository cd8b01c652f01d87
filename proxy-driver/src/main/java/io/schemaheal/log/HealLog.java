package io.schemaheal.log;

import java.lang.reflect.Method;
import java.time.LocalTime;

/**
 * SchemaHeal's log lines (logger {@code io.schemaheal}): through the application's SLF4J binding when
 * it has one, to stderr otherwise. SLF4J is reached by reflection, through SchemaHeal's own class loader
 * or else the thread's context class loader: under the agent, SchemaHeal is on the system class path
 * while a Spring Boot executable jar's SLF4J is in its own loader, which the thread that heals has as
 * its context loader. It is looked up at the first line SchemaHeal has to say, never before: asking for
 * a logger starts the application's logging backend, which under the agent would happen before
 * {@code main()} and before the application has configured it. Until an SLF4J with a real binding is
 * found, lines go to stderr and the next line looks again.
 */
public final class HealLog {

    /**
     * The SLF4J logger's name, also under the agent. Built at run time: the agent jar's shade plugin would
     * rewrite the literal to the package of its relocated copy of the engine.
     */
    static final String LOGGER_NAME = String.join(".", "io", "schemaheal");

    private static final HealLog INSTANCE = new HealLog();

    /** An SLF4J logger and its {@code warn(String)} and {@code error(String)}. */
    private record Slf4j(Object logger, Method info, Method warn, Method error) {
    }

    private volatile Slf4j slf4j;

    private HealLog() {
    }

    public static HealLog get() {
        return INSTANCE;
    }

    /** A line for what is not a problem: why SchemaHeal stays out of the way, where nobody asked it in. */
    public void info(String format, Object... args) {
        write("INFO", format, args);
    }

    public void warn(String format, Object... args) {
        write("WARN", format, args);
    }

    public void error(String format, Object... args) {
        write("ERROR", format, args);
    }

    private void write(String level, String format, Object... args) {
        String line = format(format, args);
        Slf4j found = slf4j();
        if (found != null) {
            try {
                (level.equals("INFO") ? found.info() : level.equals("WARN") ? found.warn() : found.error())
                        .invoke(found.logger(), line);
                return;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError broken) {
                slf4j = null; // the application's logging failed us: stderr, and look again next time
            }
        }
        System.err.println(LocalTime.now() + " " + level + " io.schemaheal - " + line);
    }

    private Slf4j slf4j() {
        Slf4j known = slf4j;
        if (known == null) {
            known = lookUp(HealLog.class.getClassLoader());
            if (known == null) {
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                known = context == null || context == HealLog.class.getClassLoader() ? null : lookUp(context);
            }
            slf4j = known;
        }
        return known;
    }

    /** The {@code io.schemaheal} logger of the SLF4J that {@code loader} sees, or null (none, or no binding). */
    private static Slf4j lookUp(ClassLoader loader) {
        try {
            Class<?> factory = Class.forName("org.slf4j.LoggerFactory", true, loader);
            Object logger = factory.getMethod("getLogger", String.class).invoke(null, LOGGER_NAME);
            if (logger == null || logger.getClass().getName().equals("org.slf4j.helpers.NOPLogger")) {
                return null;
            }
            Class<?> api = Class.forName("org.slf4j.Logger", false, loader);
            return new Slf4j(logger, api.getMethod("info", String.class), api.getMethod("warn", String.class),
                    api.getMethod("error", String.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError none) {
            return null;
        }
    }

    /** SLF4J's {@code {}} placeholders, filled in order; every password masked (see {@link Redact}). */
    static String format(String format, Object... args) {
        StringBuilder sb = new StringBuilder(format.length() + 64);
        int arg = 0;
        int from = 0;
        int at;
        while ((at = format.indexOf("{}", from)) >= 0 && arg < args.length) {
            sb.append(format, from, at).append(args[arg++]);
            from = at + 2;
        }
        return Redact.text(sb.append(format.substring(from)).toString());
    }
}
