package io.schemaheal.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A table constraint as a migration writes it: an element of a {@code CREATE TABLE} ({@code CONSTRAINT u UNIQUE (a, b)},
 * {@code CHECK (a > 0)}, {@code FOREIGN KEY (a) REFERENCES p}), or what an {@code ALTER TABLE}'s {@code ADD} clause adds
 * (MySQL's {@code ADD INDEX} too).
 *
 * @param text     as written, from {@code CONSTRAINT} or its kind's first word to its end
 * @param name     the lower-case name of {@code CONSTRAINT n ...}, or "" where the database names it
 * @param kind     what it is
 * @param names    the lower-case names it mentions: its columns, a referenced table's and its columns, a check's terms
 * @param notValid PostgreSQL's {@code NOT VALID}: the table's rows are not checked when it is added
 */
public record TableConstraint(String text, String name, Kind kind, Set<String> names, boolean notValid) {

    public enum Kind { PRIMARY_KEY, UNIQUE, CHECK, FOREIGN_KEY, EXCLUDE, INDEX, OTHER }

    public TableConstraint {
        names = Set.copyOf(names);
    }

    /** True when it names {@code column} and is not the primary key (one is never added to a table with rows). */
    public boolean involves(String column) {
        return kind != Kind.PRIMARY_KEY && names.contains(column.toLowerCase(Locale.ROOT));
    }

    /** Read from its tokens (no {@code ADD}) in the statement {@code sql} they come from. */
    static TableConstraint read(List<Token> t, String sql) {
        int k = 0;
        String name = "";
        if (t.size() > 1 && t.get(0).isWord("CONSTRAINT")) {
            name = t.get(1).text().toLowerCase(Locale.ROOT);
            k = 2;
        }
        Kind kind = k >= t.size() ? Kind.OTHER : switch (t.get(k).text().toUpperCase(Locale.ROOT)) {
            case "PRIMARY" -> Kind.PRIMARY_KEY;
            case "UNIQUE" -> Kind.UNIQUE;
            case "CHECK" -> Kind.CHECK;
            case "FOREIGN" -> Kind.FOREIGN_KEY;
            case "EXCLUDE" -> Kind.EXCLUDE;
            case "INDEX", "KEY", "FULLTEXT", "SPATIAL" -> Kind.INDEX;
            default -> Kind.OTHER;
        };
        Set<String> names = new HashSet<>();
        boolean notValid = false;
        for (int j = 0; j < t.size(); j++) {
            Token x = t.get(j);
            if (x.isWord("PRIMARY") && j + 1 < t.size() && t.get(j + 1).isWord("KEY")) {
                kind = Kind.PRIMARY_KEY; // MySQL's CONSTRAINT pk PRIMARY KEY, however it is introduced
            }
            notValid |= x.isWord("NOT") && j + 1 < t.size() && t.get(j + 1).isWord("VALID");
            if (x.isIdentifier()) {
                names.add(x.text().toLowerCase(Locale.ROOT));
            }
        }
        String text = t.isEmpty() ? "" : sql.substring(t.get(0).start(), t.get(t.size() - 1).end());
        return new TableConstraint(text, name, kind, names, notValid);
    }
}
