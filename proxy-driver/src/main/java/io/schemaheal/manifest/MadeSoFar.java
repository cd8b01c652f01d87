package io.schemaheal.manifest;

import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlLexer;
import io.schemaheal.sql.StatementClassifier;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tables (with their columns), views, indexes and sequences the statements read so far make, as their SQL says
 * (read as a heal reads it), and which Liquibase changeSets ran: what a precondition ({@code tableExists},
 * {@code changeSetExecuted}, ...) finds on a database the changelog migrated from its start. One is kept per reading
 * of a master changelog (its changelogs as rendered and its SQL files as included, in the order they run; each SQL file
 * is read with {@link #upToHere()} taken at its place), and one per location of formatted SQL files.
 */
public final class MadeSoFar {
    private final SqlLexer.Flavor flavor;
    private final Set<String> tables = new HashSet<>();
    private final Set<String> views = new HashSet<>();
    private final Set<String> indexes = new HashSet<>();
    private final Set<String> sequences = new HashSet<>();
    /** Per table, its columns (lower case); a table made by a query has none known (absent). */
    private final Map<String, Set<String>> columns = new HashMap<>();
    /** The changeSets before ({@code file::id::author}), with whether they ran (null: not known); absent: not reached. */
    private final Map<String, Boolean> changeSets = new HashMap<>();
    /** Every statement taken in, in order: the first {@code settled} are read into the sets above. */
    private final List<String> taken = new java.util.ArrayList<>();
    private int settled;

    public MadeSoFar(String database) {
        this(SqlLexer.Flavor.of(database));
    }

    private MadeSoFar(SqlLexer.Flavor flavor) {
        this.flavor = flavor;
    }

    /**
     * What was made up to here, as a record of its own that goes on from this point: what an SQL file a master
     * includes here sees when it is read again, whatever the files after it make. Read when first asked, as this is.
     */
    public MadeSoFar upToHere() {
        MadeSoFar copy = new MadeSoFar(flavor);
        copy.taken.addAll(taken);
        copy.changeSets.putAll(changeSets);
        return copy;
    }

    public static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }

    /**
     * Takes in what one statement that ran made, dropped, renamed or altered. Read when first asked: most sets have no
     * precondition, and their statements are never read twice.
     */
    public void ran(String sql) {
        taken.add(sql);
    }

    /** The statements taken in since the last question, read in their order. */
    private void settle() {
        while (settled < taken.size()) {
            apply(taken.get(settled++));
        }
    }

    private void apply(String sql) {
        io.schemaheal.sql.SqlStatement s = StatementClassifier.classifyWritten(sql, 1, flavor);
        switch (s.kind()) {
            case CREATE_TABLE, CREATE_VIRTUAL_TABLE -> {
                tables.add(s.object().bareKey());
                List<String> declared = StatementClassifier.columnsOf(s);
                if (declared.isEmpty()) {
                    columns.remove(s.object().bareKey()); // made by a query: its columns are not known
                } else {
                    columns.put(s.object().bareKey(), new HashSet<>(declared.stream().map(MadeSoFar::column).toList()));
                }
            }
            case CREATE_VIEW, CREATE_MATERIALIZED_VIEW -> views.add(s.object().bareKey());
            case CREATE_INDEX -> indexes.add(s.object() == null ? "" : s.object().bareKey());
            case CREATE_SEQUENCE -> sequences.add(s.object().bareKey());
            case DROP_TABLE -> s.objects().forEach(o -> {
                tables.remove(o.bareKey());
                columns.remove(o.bareKey());
            });
            case DROP_VIEW -> s.objects().forEach(o -> views.remove(o.bareKey()));
            case DROP_INDEX -> s.objects().forEach(o -> indexes.remove(o.bareKey()));
            case DROP_SEQUENCE -> s.objects().forEach(o -> sequences.remove(o.bareKey()));
            case ALTER_TABLE -> altered(s);
            default -> {
            }
        }
    }

    /** Records that a changeSet was reached, and whether it ran ({@code ran} null: that is not known). */
    public void changeSet(String file, String id, String author, Boolean ran) {
        changeSets.put(changeSetKey(file, id, author), ran);
    }

    /**
     * Whether the changeSet a {@code changeSetExecuted} precondition names ran before, as on a database this changelog
     * migrated from its start (Keycloak's changeSets that stand in for an older one run when it did not); null when
     * that is not known.
     */
    public Boolean changeSetRan(String file, String id, String author) {
        String wanted = changeSetKey(file, id, author);
        for (Map.Entry<String, Boolean> e : changeSets.entrySet()) {
            if (e.getKey().equals(wanted) || e.getKey().endsWith("/" + wanted)) {
                return e.getValue();
            }
        }
        return false;
    }

    /** A changeSet's identity as Liquibase compares it: its file (without {@code classpath:}, leading slashes), id, author. */
    private static String changeSetKey(String file, String id, String author) {
        String f = String.valueOf(file).replace('\\', '/');
        f = f.startsWith("classpath:") ? f.substring("classpath:".length()) : f;
        while (f.startsWith("/")) {
            f = f.substring(1);
        }
        return f + "::" + id + "::" + author;
    }

    public boolean hasTable(String name) {
        return has(tables, name);
    }

    /** The tables and views made so far, by their lower-case names, sorted. */
    public java.util.SortedSet<String> relations() {
        settle();
        java.util.SortedSet<String> out = new java.util.TreeSet<>(tables);
        out.addAll(views);
        return out;
    }

    public boolean hasView(String name) {
        return has(views, name);
    }

    public boolean hasIndex(String name) {
        return has(indexes, name);
    }

    public boolean hasSequence(String name) {
        return has(sequences, name);
    }

    /** Whether {@code name} is among {@code made}, once the statements taken in are read. */
    private boolean has(Set<String> made, String name) {
        settle();
        return made.contains(key(name));
    }

    /** Whether the table has the column: null when that is not known (a table made by a query). */
    public Boolean hasColumn(String table, String column) {
        settle();
        Set<String> known = columns.get(key(table));
        return known == null ? (hasTable(table) ? null : Boolean.FALSE) : Boolean.valueOf(known.contains(key(column)));
    }

    private void altered(io.schemaheal.sql.SqlStatement s) {
        String table = s.table().bareKey();
        for (AlterAction a : s.actions()) {
            Set<String> known = columns.get(table);
            switch (a.type()) {
                case RENAME_TABLE -> {
                    if (a.newName() != null && tables.remove(table)) {
                        tables.add(a.newName().bareKey());
                        Set<String> moved = columns.remove(table);
                        if (moved != null) {
                            columns.put(a.newName().bareKey(), moved);
                        }
                        table = a.newName().bareKey();
                    }
                }
                case ADD_COLUMN -> {
                    if (known != null && a.column() != null) {
                        known.add(column(a.column()));
                    }
                }
                case DROP_COLUMN -> {
                    if (known != null && a.column() != null) {
                        known.remove(column(a.column()));
                    }
                }
                case RENAME_COLUMN -> {
                    if (known != null && a.column() != null && a.newName() != null) {
                        known.remove(column(a.column()));
                        known.add(column(a.newName().name()));
                    }
                }
                default -> {
                }
            }
        }
    }

    private static String column(String written) {
        return key(ObjectName.unquote(written));
    }
}
