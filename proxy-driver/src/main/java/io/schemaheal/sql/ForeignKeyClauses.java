package io.schemaheal.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The foreign keys a {@code CREATE TABLE} or {@code ALTER TABLE ... ADD} declares: table constraints
 * ({@code [CONSTRAINT n] FOREIGN KEY (a, b) REFERENCES p (x, y) ...}) and column constraints
 * ({@code a INT [CONSTRAINT n] REFERENCES p (x) ...}), each with its {@code REFERENCES} clause as written.
 * A shape this does not read with certainty yields nothing.
 */
public final class ForeignKeyClauses {

    /**
     * @param name       the constraint's name as written (quotes kept), or null when the database names it
     * @param columns    the referencing columns as written
     * @param parent     the referenced table
     * @param references {@code REFERENCES p (x) ON DELETE CASCADE ...} as written
     * @param onColumn   true for a column constraint ({@code a INT REFERENCES p}), which MySQL ignores
     */
    public record ForeignKey(String name, List<String> columns, ObjectName parent, String references, boolean onColumn) {

        /** The parent's columns its {@code REFERENCES parent (a, b)} names; none when it names none (the primary key). */
        public List<ObjectName> referencedColumns() {
            List<ObjectName> out = new ArrayList<>();
            try {
                List<Token> t = SqlLexer.tokenize(references);
                int open = 0;
                while (open < t.size() && !t.get(open).isSymbol('(')) {
                    open++;
                }
                int close = Tokens.closing(t, open);
                for (int k = open + 1; k < close; k++) {
                    if (t.get(k).isIdentifier()) {
                        out.add(new ObjectName(null, t.get(k).text(), t.get(k).type() == Token.Type.QUOTED_IDENTIFIER));
                    }
                }
            } catch (SqlParseException e) {
                return List.of(); // it lexed when it was read: not reached
            }
            return out;
        }
    }

    /**
     * This key as the end of the chain has it: its parent {@code parent}, written {@code parentWritten} (null: as it
     * was), its own columns and those it references renamed by {@code childColumn} and {@code parentColumn} (a name as
     * written to the name to write; the same name when not renamed). The name stays as written.
     */
    public static ForeignKey renamed(ForeignKey fk, ObjectName parent, String parentWritten,
                                     UnaryOperator<String> childColumn, UnaryOperator<String> parentColumn) {
        List<Token> t;
        try {
            t = SqlLexer.tokenize(fk.references());
        } catch (SqlParseException e) {
            return fk; // it lexed when it was read: not reached
        }
        int name = 1;
        int nameEnd = name + 1 < t.size() && t.get(name + 1).isSymbol('.') ? name + 2 : name;
        StringBuilder references = new StringBuilder(fk.references().substring(0, t.get(name).start()))
                .append(parentWritten != null ? parentWritten : fk.references().substring(t.get(name).start(), t.get(nameEnd).end()));
        int rest = t.get(nameEnd).end();
        if (nameEnd + 1 < t.size() && t.get(nameEnd + 1).isSymbol('(')) {
            int close = Tokens.closing(t, nameEnd + 1);
            List<String> columns = new ArrayList<>();
            for (int k = nameEnd + 2; k < close; k++) {
                if (t.get(k).isIdentifier()) {
                    columns.add(parentColumn.apply(text(fk.references(), t.get(k))));
                }
            }
            references.append(fk.references(), rest, t.get(nameEnd + 1).start()).append('(')
                    .append(String.join(", ", columns)).append(')');
            rest = t.get(close).end();
        }
        references.append(fk.references().substring(rest));
        return new ForeignKey(fk.name(), fk.columns().stream().map(childColumn).toList(), parent, references.toString(),
                fk.onColumn());
    }

    /** Words that end a column constraint's REFERENCES clause (the next constraint of the column begins). */
    private static final Set<String> NEXT_CONSTRAINT = Set.of("null", "default", "check", "unique", "primary",
            "constraint", "generated", "collate", "auto_increment", "comment", "references");

    private ForeignKeyClauses() {
    }

    public static List<ForeignKey> declaredBy(SqlStatement s) {
        List<ForeignKey> out = new ArrayList<>();
        if (s.kind() != StatementKind.CREATE_TABLE && s.kind() != StatementKind.ALTER_TABLE) {
            return out;
        }
        List<Token> t;
        try {
            t = s.tokens();
        } catch (SqlParseException e) {
            return out;
        }
        if (s.kind() == StatementKind.CREATE_TABLE) {
            int open = Tokens.columnListOpen(t);
            if (open < 0) {
                return out;
            }
            for (List<Token> element : Tokens.split(t, open + 1, true)) {
                element(element, s.sql(), s.flavor(), out);
            }
        } else {
            int at = 2; // ALTER TABLE
            if (at + 1 < t.size() && t.get(at).isWord("IF") && t.get(at + 1).isWord("EXISTS")) {
                at += 2;
            }
            if (at < t.size() && t.get(at).isWord("ONLY")) {
                at++;
            }
            at++; // the table's name
            if (at + 1 < t.size() && t.get(at).isSymbol('.')) {
                at += 2;
            }
            for (List<Token> action : Tokens.split(t, at, false)) {
                if (!action.isEmpty() && action.get(0).isWord("ADD")) {
                    int from = 1;
                    if (from < action.size() && action.get(from).isWord("COLUMN")) {
                        from++;
                    }
                    if (from + 2 < action.size() && action.get(from).isWord("IF") && action.get(from + 1).isWord("NOT")) {
                        from += 3;
                    }
                    element(action.subList(from, action.size()), s.sql(), s.flavor(), out);
                }
            }
        }
        return out;
    }

    /**
     * The statement as written with each foreign key's referenced table named as {@code rename} says: the name to write
     * instead of a parent's (as it is to be written, quotes and all), or null to keep it. The statement itself when
     * nothing is renamed.
     */
    public static String withParents(SqlStatement s, java.util.function.Function<ObjectName, String> rename) {
        List<Token> t;
        try {
            t = s.tokens();
        } catch (SqlParseException e) {
            return s.sql();
        }
        StringBuilder out = new StringBuilder(s.sql());
        for (int k = t.size() - 2; k >= 0; k--) { // from the end, so that earlier offsets stay right
            if (!t.get(k).isWord("REFERENCES") || !t.get(k + 1).isIdentifier()) {
                continue;
            }
            Token first = t.get(k + 1);
            boolean qualified = k + 3 < t.size() && t.get(k + 2).isSymbol('.') && t.get(k + 3).isIdentifier();
            Token last = qualified ? t.get(k + 3) : first;
            String to = rename.apply(qualified ? ObjectName.read(first, last, s.flavor()) : ObjectName.read(null, first, s.flavor()));
            if (to != null) {
                out.replace(first.start(), last.end(), to);
            }
        }
        return out.toString();
    }

    /** A {@code CREATE TABLE} without some of its foreign keys, and the keys it went without. */
    public record Without(String sql, List<ForeignKey> removed) {
    }

    /**
     * The {@code CREATE TABLE} as written, less the foreign keys {@code remove} picks: a table constraint with the
     * comma before it, a column's {@code [CONSTRAINT n] REFERENCES ...} clause. Null when it declares none of them,
     * or is not a {@code CREATE TABLE (...)} this reads with certainty.
     */
    public static Without without(SqlStatement create, Predicate<ForeignKey> remove) {
        if (create.kind() != StatementKind.CREATE_TABLE) {
            return null;
        }
        List<Token> t;
        try {
            t = create.tokens();
        } catch (SqlParseException e) {
            return null;
        }
        int open = Tokens.columnListOpen(t);
        if (open < 0) {
            return null;
        }
        String sql = create.sql();
        List<int[]> cuts = new ArrayList<>();
        List<ForeignKey> removed = new ArrayList<>();
        int previousEnd = t.get(open).end();
        List<List<Token>> elements = Tokens.split(t, open + 1, true);
        for (int i = 0; i < elements.size(); i++) {
            List<Token> e = elements.get(i);
            List<ForeignKey> declared = new ArrayList<>();
            element(e, sql, create.flavor(), declared);
            if (declared.size() == 1 && remove.test(declared.get(0))) {
                removed.add(declared.get(0));
                if (!declared.get(0).onColumn()) {
                    // the whole element: with the comma before it, or (the first) the one after it
                    int from = i > 0 ? previousEnd : e.get(0).start();
                    int to = i > 0 || i + 1 == elements.size() ? e.get(e.size() - 1).end()
                            : elements.get(i + 1).get(0).start();
                    cuts.add(new int[] {from, to});
                } else {
                    int k = referencesAt(e);
                    int from = k >= 3 && e.get(k - 2).isWord("CONSTRAINT") ? e.get(k - 2).start() : e.get(k).start();
                    cuts.add(new int[] {from, e.get(clauseEnd(e, k + 1) - 1).end()});
                }
            }
            if (!e.isEmpty()) {
                previousEnd = e.get(e.size() - 1).end();
            }
        }
        if (removed.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(sql);
        for (int i = cuts.size() - 1; i >= 0; i--) {
            out.delete(cuts.get(i)[0], cuts.get(i)[1]);
        }
        return new Without(out.toString(), removed);
    }

    /** Where a column element's REFERENCES clause begins (outside parentheses). */
    private static int referencesAt(List<Token> e) {
        int depth = 0;
        for (int k = 1; k < e.size(); k++) {
            Token x = e.get(k);
            if (x.isSymbol('(')) {
                depth++;
            } else if (x.isSymbol(')')) {
                depth--;
            } else if (depth == 0 && x.isWord("REFERENCES")) {
                return k;
            }
        }
        return -1;
    }

    private static void element(List<Token> e, String sql, SqlLexer.Flavor flavor, List<ForeignKey> out) {
        if (e.isEmpty()) {
            return;
        }
        String name = null;
        int at = 0;
        if (e.get(0).isWord("CONSTRAINT") && e.size() > 2) {
            name = text(sql, e.get(1));
            at = 2;
        }
        if (e.get(at).isWord("FOREIGN") && at + 1 < e.size() && e.get(at + 1).isWord("KEY")) {
            int open = at + 2;
            if (open < e.size() && e.get(open).isIdentifier() && !e.get(open).isSymbol('(')) {
                open++; // MySQL: FOREIGN KEY index_name (a)
            }
            int close = Tokens.closing(e, open);
            if (close < 0 || close + 1 >= e.size() || !e.get(close + 1).isWord("REFERENCES")) {
                return;
            }
            List<String> columns = new ArrayList<>();
            for (int k = open + 1; k < close; k++) {
                if (e.get(k).isIdentifier()) {
                    columns.add(text(sql, e.get(k)));
                }
            }
            add(e, close + 1, e.size(), name, columns, sql, false, flavor, out);
            return;
        }
        if (at != 0 || !e.get(0).isIdentifier() || isTableConstraint(e.get(0))) {
            return; // PRIMARY KEY, UNIQUE, CHECK, INDEX ...: not a foreign key
        }
        // a column: its REFERENCES clause, if it has one
        String column = text(sql, e.get(0));
        int k = referencesAt(e);
        if (k > 0) {
            String constraint = k >= 3 && e.get(k - 2).isWord("CONSTRAINT") ? text(sql, e.get(k - 1)) : null;
            add(e, k, clauseEnd(e, k + 1), constraint, List.of(column), sql, true, flavor, out);
        }
    }

    private static boolean isTableConstraint(Token first) {
        return first.type() == Token.Type.WORD && Set.of("primary", "unique", "check", "key", "index", "exclude", "like",
                "fulltext", "spatial", "period", "foreign").contains(first.text().toLowerCase(Locale.ROOT));
    }

    /** Where a column's REFERENCES clause that starts before {@code from} ends: at its next constraint. */
    private static int clauseEnd(List<Token> e, int from) {
        int depth = 0;
        for (int k = from; k < e.size(); k++) {
            Token x = e.get(k);
            if (x.isSymbol('(')) {
                depth++;
            } else if (x.isSymbol(')')) {
                depth--;
            } else if (depth == 0 && x.type() == Token.Type.WORD) {
                String w = x.text().toLowerCase(Locale.ROOT);
                if (w.equals("on") && k + 2 < e.size()) {
                    // ON DELETE|UPDATE SET NULL / SET DEFAULT / NO ACTION belong to the clause
                    k += e.get(k + 2).isWord("SET") || e.get(k + 2).isWord("NO") ? 3 : 2;
                } else if (w.equals("not") && k + 1 < e.size() && e.get(k + 1).isWord("DEFERRABLE")) {
                    k++;
                } else if (w.equals("not") || NEXT_CONSTRAINT.contains(w)) {
                    return k;
                }
            }
        }
        return e.size();
    }

    private static void add(List<Token> e, int references, int end, String name, List<String> columns, String sql,
                            boolean onColumn, SqlLexer.Flavor flavor, List<ForeignKey> out) {
        if (columns.isEmpty() || references + 1 >= end || !e.get(references + 1).isIdentifier()) {
            return;
        }
        Token first = e.get(references + 1);
        ObjectName parent = references + 3 < end && e.get(references + 2).isSymbol('.') && e.get(references + 3).isIdentifier()
                ? ObjectName.read(first, e.get(references + 3), flavor) : ObjectName.read(null, first, flavor);
        out.add(new ForeignKey(name, List.copyOf(columns), parent,
                sql.substring(e.get(references).start(), e.get(end - 1).end()), onColumn));
    }

    private static String text(String sql, Token t) {
        return sql.substring(t.start(), t.end());
    }
}
