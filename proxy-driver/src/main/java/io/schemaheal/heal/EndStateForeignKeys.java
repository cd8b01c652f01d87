package io.schemaheal.heal;

import io.schemaheal.heal.EndState.ForeignKeyTo;
import io.schemaheal.manifest.MigrationManifest.Entry;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.ForeignKeyClauses;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The foreign keys of an {@link EndState}: each one a statement of it declares (a DO block's body too) and no later
 * one drops, with the names its tables and columns have at the end of the chain.
 */
final class EndStateForeignKeys {

    private final EndState end;

    EndStateForeignKeys(EndState end) {
        this.end = end;
    }

    /** PostgreSQL's name for an unnamed foreign key of {@code table}: {@code table_col1_col2_fkey}, lower case. */
    private static String defaultName(ObjectName table, ForeignKeyClauses.ForeignKey fk) {
        return (table.name() + "_" + String.join("_", fk.columns().stream().map(ObjectName::unquote).toList()) + "_fkey")
                .toLowerCase(Locale.ROOT);
    }

    /**
     * {@code fk}, which {@code s} (statement {@code e}, or a part of its body) declares on {@code child}, with the names
     * a later migration gave its tables and columns.
     */
    private ForeignKeyTo atTheEnd(Entry e, SqlStatement s, ObjectName child, ForeignKeyClauses.ForeignKey fk) {
        ObjectName parent = end.finalName(fk.parent(), e);
        ForeignKeyClauses.ForeignKey now = ForeignKeyClauses.renamed(fk, parent,
                parent.key().equals(fk.parent().key()) ? null : parent.writtenIn(s.flavor()),
                c -> columnAt(child, c, e), c -> columnAt(fk.parent(), c, e));
        ObjectName table = end.finalName(child, e);
        boolean renamed = !table.key().equals(child.key()) || !now.columns().equals(fk.columns());
        return new ForeignKeyTo(e, table, now, fk.name() == null && renamed ? defaultName(child, fk) : fk.name());
    }

    /**
     * The name column {@code column} (as written) of {@code table} has at the end of the chain, as a statement writes it
     * (quoted where its case must be kept); {@code column} itself when no statement after {@code e} renames it.
     */
    private String columnAt(ObjectName table, String column, Entry e) {
        String[] current = {column};
        end.laterAlters(table.key(), e.seq(), (s, a) -> {
            if (a.type() == AlterAction.Type.RENAME_COLUMN && a.column() != null && a.newName() != null
                    && ObjectName.unquote(a.column()).equalsIgnoreCase(ObjectName.unquote(current[0]))) {
                String to = a.newName().name();
                current[0] = new ObjectName(null, to, !to.equals(to.toLowerCase(Locale.ROOT))).writtenIn(s.flavor());
            }
        });
        return current[0];
    }

    /** Every foreign key of the end state, in migration order. */
    List<ForeignKeyTo> all() {
        List<Entry> entries = end.entries();
        List<ForeignKeyTo> out = new ArrayList<>();
        for (Entry e : entries) {
            // a DO block declares those of the ALTER TABLEs its body holds (added when not there yet)
            for (SqlStatement s : e.statement().kind() == StatementKind.PROCEDURAL ? e.statement().embedded()
                    : List.of(e.statement())) {
                ObjectName child = s.kind() == StatementKind.CREATE_TABLE ? s.object()
                        : s.kind() == StatementKind.ALTER_TABLE ? s.table() : null;
                if (child == null || s.references().isEmpty()) {
                    continue;
                }
                for (ForeignKeyClauses.ForeignKey fk : ForeignKeyClauses.declaredBy(s)) {
                    if (!droppedLater(entries, e, child, fk)) {
                        out.add(atTheEnd(e, s, child, fk));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** True when a later statement of the end state drops the key by its name (or PostgreSQL's name for it). */
    private boolean droppedLater(List<Entry> entries, Entry declared, ObjectName child, ForeignKeyClauses.ForeignKey fk) {
        String name = fk.name() != null ? ObjectName.of(ObjectName.unquote(fk.name())).bareKey() : defaultName(child, fk);
        return EndState.droppedLater(entries, declared, child, name)
                || EndState.droppedLater(entries, declared, end.finalName(child, declared), name); // dropped after a rename
    }
}
