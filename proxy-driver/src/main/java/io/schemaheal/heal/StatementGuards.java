package io.schemaheal.heal;

import io.schemaheal.registry.Registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guard savepoints of one connection to a database where an error aborts the transaction
 * (PostgreSQL): inside a transaction a statement runs under a savepoint until its SQL text has once run
 * without failing, so that it can run again after a heal. Transaction-control statements are never
 * guarded (a savepoint would change what they do), and the SQL texts that are known to work are kept
 * per database, all databases of the process together within one fixed memory budget (an application with many
 * tenant databases holds no more than one with a single database).
 */
public final class StatementGuards {

    /** SQL texts longer than this are never remembered: they stay guarded, which costs them one savepoint each. */
    static final int MAX_REMEMBERED_SQL = 8 * 1024;
    /** The characters of SQL text remembered in this process, over all databases, at most (about 4 MB). */
    static final long BUDGET_CHARS = 2L * 1024 * 1024;

    /** The characters remembered now, over all databases: the process's one bound, in its registry. */
    private static final class Remembered {
        final AtomicLong chars = new AtomicLong();
    }

    private static AtomicLong processChars() {
        return Registry.ofProcess(Remembered.class, Remembered::new).chars;
    }

    /** The database's SQL texts known to work, in the registry. */
    private static KnownGood knownGood(String databaseKey) {
        return Registry.ofDatabase(databaseKey, KnownGood.class, KnownGood::new);
    }

    private final Connection connection;
    private final KnownGood knownGood;

    /** @param connection the application's connection; {@code null} guards nothing (databases that need no guards) */
    StatementGuards(Connection connection, String databaseKey) {
        this.connection = connection;
        this.knownGood = connection == null ? null : knownGood(databaseKey);
    }

    /** A savepoint to take before {@code sql} runs inside a transaction, or null when it needs none. */
    Savepoint before(String sql) throws SQLException {
        if (knownGood == null || !needsGuard(knownGood, sql)) {
            return null;
        }
        return connection.setSavepoint();
    }

    void remember(String sql) {
        if (knownGood != null) {
            knownGood.add(sql);
        }
    }

    /**
     * For the agent, which has no Healer at hand before a statement: true when {@code sql} is to run under a
     * guard on {@code databaseKey} (not known to work, not transaction control), as {@link #before} decides.
     */
    public static boolean needsGuard(String databaseKey, String sql) {
        return needsGuard(knownGood(databaseKey), sql);
    }

    /** Not known to work there (nothing is, where {@code known} is null), and not transaction control. */
    private static boolean needsGuard(KnownGood known, String sql) {
        return (known == null || !known.texts.contains(sql)) && !io.schemaheal.sql.JdbcSql.controlsTransaction(sql);
    }

    /** For the agent: {@code sql} ran under its guard without failing on {@code databaseKey}. */
    public static void ranWithoutFailing(String databaseKey, String sql) {
        knownGood(databaseKey).add(sql);
    }

    /** The characters of SQL remembered for this database (for tests). */
    long rememberedChars() {
        return knownGood == null ? 0 : knownGood.chars.get();
    }

    /** The characters of SQL remembered in this process, over all databases (for tests). */
    static long rememberedInProcess() {
        return processChars().get();
    }

    /** The statement failed where it had worked before: it runs guarded again from now on. */
    void forget(String sql) {
        if (knownGood != null && sql != null) {
            knownGood.remove(sql);
        }
    }

    /** SQL texts known to work on one database, bounded by their total length, not by their count. */
    private static final class KnownGood {
        final Set<String> texts = ConcurrentHashMap.newKeySet();
        final AtomicLong chars = new AtomicLong();

        void add(String sql) {
            int length = sql.length();
            if (length > MAX_REMEMBERED_SQL || texts.contains(sql)) {
                return;
            }
            // claim the room first, process-wide: two threads never both take its last place
            if (processChars().addAndGet(length) > BUDGET_CHARS) {
                processChars().addAndGet(-length);
                return;
            }
            if (texts.add(sql)) {
                chars.addAndGet(length);
            } else {
                processChars().addAndGet(-length);
            }
        }

        void remove(String sql) {
            if (texts.remove(sql)) {
                chars.addAndGet(-sql.length());
                processChars().addAndGet(-sql.length());
            }
        }
    }
}
