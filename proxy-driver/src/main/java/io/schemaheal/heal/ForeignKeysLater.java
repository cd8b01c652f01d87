package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.log.HealLog;
import io.schemaheal.sql.ForeignKeyClauses;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.StatementKind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The foreign keys a heal on a separate connection ({@code schemaheal.heal-user}) sets aside. The application's
 * transaction may have written the parent ({@code INSERT INTO users} before {@code INSERT INTO orders}): it holds a
 * lock that a foreign key to the parent waits for, and it does not let go while it waits for the heal. So the new
 * table is made without that key, and the key is added (then its rows checked) once the application's transaction
 * has ended, by {@link Healer#transactionEnded}. Until then, nothing checks the new table's rows against it; should
 * the connection never end its transaction, the doctor reports the key missing.
 */
final class ForeignKeysLater {

    private static final HealLog LOG = HealLog.get();

    private final Dialect dialect;
    private final HealConnections connections;
    /** A key set aside: its child, a table the heal created in {@code schema}, and the key as the child declares it. */
    record SetAside(EndState.ForeignKeyTo key, String schema) {
    }

    private final List<SetAside> setAside = new ArrayList<>();
    /** How many of {@link #setAside} the log has told of. */
    private int told;

    ForeignKeysLater(Dialect dialect, HealConnections connections) {
        this.dialect = dialect;
        this.connections = connections;
    }

    /**
     * The statement to run for {@code step}: a {@code CREATE TABLE} on a separate connection without its foreign keys
     * to existing tables the application's transaction holds such a lock on (each set aside), else {@code s} itself.
     */
    SqlStatement toRun(HealPlan.Step step, SqlStatement s, HealScope scope) throws SQLException {
        if (s.kind() != StatementKind.CREATE_TABLE || scope.connection() == connections.app()
                || !connections.appMayHoldLocks()) {
            return s;
        }
        Set<ForeignKeyClauses.ForeignKey> locked = new HashSet<>();
        for (ForeignKeyClauses.ForeignKey fk : ForeignKeyClauses.declaredBy(s)) {
            if (!scope.created(fk.parent().key()) && scope.exists(ObjectType.RELATION, fk.parent())
                    && dialect.transactions().applicationLocks(connections.app(), scope.connection(), fk.parent().inSchema(scope.schema()))) {
                locked.add(fk);
            }
        }
        ForeignKeyClauses.Without without = locked.isEmpty() ? null : ForeignKeyClauses.without(s, locked::contains);
        if (without == null) {
            return s;
        }
        synchronized (this) {
            for (ForeignKeyClauses.ForeignKey fk : without.removed()) {
                setAside.add(new SetAside(new EndState.ForeignKeyTo(step.entry(), s.object(), fk), scope.schema()));
            }
        }
        return StatementClassifier.classifyWritten(without.sql(), s.line(), s.flavor());
    }

    /** True when this heal set {@code fk} aside: it is added once the application's transaction ends. */
    synchronized boolean isSetAside(EndState.ForeignKeyTo fk) {
        return setAside.stream().anyMatch(s -> s.key().child().key().equals(fk.child().key())
                && s.key().key().columns().equals(fk.key().columns()) && s.key().key().parent().key().equals(fk.key().parent().key()));
    }

    /** The heal that set keys aside committed: the log says so, once each. */
    synchronized void said() {
        for (SetAside later : setAside.subList(told, setAside.size())) {
            EndState.ForeignKeyTo fk = later.key();
            LOG.warn("set aside the foreign key of {} to {} ({}) until the application's transaction ends: it holds a lock "
                    + "on {} that the key would wait for", fk.child(), fk.key().parent(), fk.entry().where(), fk.key().parent());
        }
        told = setAside.size();
    }

    /** The keys set aside since the last call. */
    synchronized List<SetAside> take() {
        List<SetAside> out = List.copyOf(setAside.subList(0, told));
        setAside.clear();
        told = 0;
        return out;
    }

    /** The heal that set keys aside was rolled back: they are not set aside. */
    synchronized void forget() {
        setAside.subList(told, setAside.size()).clear();
    }
}
