package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.log.HealLog;
import io.schemaheal.log.Redact;
import io.schemaheal.manifest.MigrationManifest.Entry;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementKind;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A table as it is, compared with the end state its migrations define: its columns (none missing, none beyond them),
 * its indexes and triggers, its foreign keys and those of the tables that point at it. After a heal, so that a heal
 * that left the table otherwise than the migrations would is said to differ, and how; the doctor asks the same.
 * Column types are not compared: each database writes them its own way.
 */
public final class EndStateCheck {

    private final EndState end;
    private final LiveCatalog live;

    public EndStateCheck(EndState end, LiveCatalog live) {
        this.end = end;
        this.live = live;
    }

    private static final HealLog LOG = HealLog.get();
    private static final String SAVEPOINT = "schemaheal_check";

    /**
     * After a heal's statements, before it commits: each table it created compared with its end state, said in
     * {@code outcome}. A comparison that cannot be made (the catalog could not be read) is logged and leaves the heal as
     * it is; where DDL is transactional it runs under a savepoint, so that such a failure leaves the heal's transaction
     * usable. A table made as a replay of the set made it ({@code replayed}) is compared with what the replay made.
     */
    static void compareCreated(HealScope scope, Dialect dialect, Statement st, HealOutcome outcome,
                               Predicate<EndState.ForeignKeyTo> pending,
                               java.util.Map<String, io.schemaheal.dialect.ScratchReplay.Relation> replayed)
            throws SQLException {
        EndStateCheck check = new EndStateCheck(EndState.of(scope.manifest), scope);
        for (String relation : outcome.created()) {
            if (dialect.transactionalDdl()) {
                st.execute("SAVEPOINT " + SAVEPOINT);
            }
            try {
                // a relation made as a replay of the set made it is compared with that: no text says its end state
                outcome.differs(relation, replayed.containsKey(relation)
                        ? ReplayedPlan.differences(dialect, scope, relation, replayed.get(relation))
                        : check.differences(relation, pending));
                if (dialect.transactionalDdl()) {
                    st.execute("RELEASE SAVEPOINT " + SAVEPOINT);
                }
            } catch (SQLException e) {
                if (dialect.transactionalDdl()) {
                    st.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT);
                    st.execute("RELEASE SAVEPOINT " + SAVEPOINT);
                }
                LOG.warn("could not compare {} with the end state of its migrations: {}", relation,
                        Redact.databaseMessage(e.getMessage()));
            }
        }
    }

    /**
     * The columns {@code relation} has that its end state does not (a column the migrations drop, or never add); none
     * where that end state cannot be read or the table is not there. What the doctor reports beyond what is missing.
     */
    public List<String> columnsBeyond(String relation) throws SQLException {
        List<String> expected = end.columns().columnsOf(relation);
        return expected == null || !live.relationExists(relation) ? List.of()
                : columnsBeyond(expected, actualColumns(relation));
    }

    private static List<String> columnsBeyond(List<String> expected, Set<String> actual) {
        return actual.stream().filter(c -> !expected.contains(c)).toList();
    }

    private Set<String> actualColumns(String relation) throws SQLException {
        Set<String> actual = new LinkedHashSet<>();
        for (String c : live.columns(live.manifest.name(relation))) {
            actual.add(c.toLowerCase(Locale.ROOT));
        }
        return actual;
    }

    /**
     * How {@code relation} differs from its end state, one phrase each ({@code "column email missing"}); empty when it
     * matches, or when the end state of it cannot be read (a view, a table made by a query).
     *
     * @param pending foreign keys that are not there yet and will be (set aside until a transaction ends)
     */
    List<String> differences(String relation, Predicate<EndState.ForeignKeyTo> pending) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> expected = end.columns().columnsOf(relation);
        if (expected == null || !live.relationExists(relation)) {
            return out;
        }
        Set<String> actual = actualColumns(relation);
        for (String c : expected) {
            if (!actual.contains(c)) {
                out.add("column " + c + " missing");
            }
        }
        for (String c : columnsBeyond(expected, actual)) {
            out.add("column " + c + " not in the migrations");
        }
        for (Entry e : end.entries()) {
            SqlStatement s = e.statement();
            boolean onTable = s.table() != null && s.table().key().equals(relation) && s.object() != null;
            if (onTable && s.kind() == StatementKind.CREATE_INDEX && !s.nonTransactional()
                    && !live.exists(ObjectType.INDEX, s.object(), s.table())) {
                out.add("index " + s.object().name() + " missing");
            } else if (onTable && s.kind() == StatementKind.CREATE_TRIGGER && !live.exists(ObjectType.TRIGGER, s.object(), s.table())) {
                out.add("trigger " + s.object().name() + " missing");
            }
        }
        boolean columnReferencesIgnored = false;
        boolean asked = false;
        for (EndState.ForeignKeyTo fk : end.foreignKeys()) {
            ObjectName parent = end.parentOf(fk);
            boolean mine = fk.child().key().equals(relation) || parent.key().equals(relation);
            if (!mine || pending.test(fk) || !live.relationExists(fk.child().key()) || !live.relationExists(parent.key())) {
                continue;
            }
            if (fk.key().onColumn()) {
                columnReferencesIgnored = asked ? columnReferencesIgnored : live.ignoresColumnReferences();
                asked = true;
                if (columnReferencesIgnored) {
                    continue; // MySQL never keeps one written on a column
                }
            }
            if (!live.foreignKeyExists(fk.child(), fk.key().columns(), parent)) {
                out.add("foreign key " + fk.child().name() + "(" + String.join(", ", fk.key().columns()) + ") -> "
                        + parent.name() + " missing");
            }
        }
        // where DDL is not transactional another session may drop the table while it is read (its parts then read as
        // missing): what was read of a table that is gone now says nothing
        return out.isEmpty() || live.relationExists(relation) ? out : List.of();
    }
}
