package io.schemaheal.log;

import java.io.PrintStream;
import java.time.LocalTime;

/**
 * SchemaHeal's log lines (logger {@code io.schemaheal}): through the application's SLF4J binding when
 * it has one, to stderr otherwise. The agent ships without SLF4J, so nothing else in SchemaHeal may
 * refer to SLF4J classes; this class touches them only after checking they are there. SLF4J is looked
 * up at the first line SchemaHeal has to say, never before: asking for a logger starts the
 * application's logging backend, which under the agent would happen before {@code main()} and before
 * the application has configured it.
 */
public final class HealLog {

    private static final HealLog INSTANCE = new HealLog();

    /** An SLF4J logger with a real binding, or null for stderr; looked up at the first line. */
    private Object slf4j;
    private volatile boolean looked;

    private HealLog() {
    }

    private Object slf4j() {
        if (!looked) {
            synchronized (this) {
                if (!looked) {
                    try {
                        slf4j = Slf4j.loggerOrNull();
                    } catch (LinkageError noSlf4j) {
                        slf4j = null;
                    }
                    looked = true;
                }
            }
        }
        return slf4j;
    }

    public static HealLog get() {
        return INSTANCE;
    }

    public void warn(String format, Object... args) {
        Object slf4j = slf4j();
        if (slf4j != null) {
            Slf4j.warn(slf4j, "{}", format(format, args));
        } else {
            print("WARN", format, args);
        }
    }

    public void error(String format, Object... args) {
        Object slf4j = slf4j();
        if (slf4j != null) {
            Slf4j.error(slf4j, "{}", format(format, args));
        } else {
            print("ERROR", format, args);
        }
    }

    private static void print(String level, String format, Object... args) {
        PrintStream err = System.err;
        err.println(LocalTime.now() + " " + level + " io.schemaheal - " + format(format, args));
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

    /** The only place that names SLF4J classes; loaded only when SLF4J is on the class path. */
    private static final class Slf4j {
        static Object loggerOrNull() {
            try {
                Class.forName("org.slf4j.LoggerFactory", false, HealLog.class.getClassLoader());
                org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("io.schemaheal");
                return logger instanceof org.slf4j.helpers.NOPLogger ? null : logger;
            } catch (ClassNotFoundException | LinkageError noSlf4j) {
                return null;
            }
        }

        static void warn(Object logger, String format, Object... args) {
            ((org.slf4j.Logger) logger).warn(format, args);
        }

        static void error(Object logger, String format, Object... args) {
            ((org.slf4j.Logger) logger).error(format, args);
        }
    }
}
