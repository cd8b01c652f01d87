package io.schemaheal.manifest;

import io.schemaheal.sql.ScriptStatement;
import io.schemaheal.sql.ScriptStatements;
import io.schemaheal.sql.SqlLexer;
import io.schemaheal.sql.SqlParseException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Liquibase's formatted SQL: a file that starts with {@code --liquibase formatted sql}, cut into changesets by
 * {@code --changeset author:id attribute:value ...} lines. A changeset for other databases ({@code dbms:}) is not
 * read; {@code endDelimiter:} and {@code splitStatements:false} split as Liquibase splits; {@code --rollback} lines are
 * comments, never applied. A changeset behind a precondition whose outcome the scripts cannot tell
 * ({@code --precondition-sql-check}) is not read: what it names is not healed (see {@link Uncertain}). The file is one
 * migration whose statements are those of its other changesets, in order.
 */
final class LiquibaseSql {

    private static final Pattern HEADER = Pattern.compile("^\\s*--\\s*liquibase\\s+formatted\\s+sql\\b.*", Pattern.CASE_INSENSITIVE);
    /** {@code --changeset author:id attribute:value ...}: the changeset's id, and its attributes. */
    private static final Pattern CHANGESET = Pattern.compile("^\\s*--\\s*changeset\\s+(\\S+)(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+):(\\S+)");
    /** Liquibase's names of the databases SchemaHeal heals, by dialect name. */
    private static final java.util.Map<String, Set<String>> DBMS = java.util.Map.of(
            "postgresql", Set.of("postgresql"), "mariadb", Set.of("mariadb", "mysql"), "sqlite", Set.of("sqlite"));

    private LiquibaseSql() {
    }

    /** True for the bytes of a formatted SQL file (its first line that is not blank is the header). */
    static boolean isFormattedSql(byte[] content) {
        String start = new String(content, 0, Math.min(content.length, 200), StandardCharsets.UTF_8).stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1);
        }
        int nl = start.indexOf('\n');
        return HEADER.matcher(nl < 0 ? start : start.substring(0, nl)).matches();
    }

    /**
     * A changeset whose effect cannot be known from the scripts: it runs only when a precondition holds that cannot be
     * evaluated ({@code sql-check}, or one the Liquibase changelog renderer could not evaluate), or it runs code (the
     * renderer's {@code --runs-code}: a {@code customChange}). Its {@code id}, its text, and why, as a clause.
     */
    record Uncertain(String id, String text, String why) {
    }

    /**
     * The statements of the changesets a connection to {@code database} (a dialect name; null: not known yet, then
     * only changesets for every database) runs, each with its line in the file; a changeset behind a precondition that
     * cannot be known is not read but added to {@code uncertain}.
     */
    static List<ScriptStatement> statements(String text, String database, List<Uncertain> uncertain) throws SqlParseException {
        return statements(text, database, uncertain, null);
    }

    /**
     * As {@link #statements(String, String, List)}, with {@code --precondition-table-exists} and
     * {@code --precondition-view-exists} evaluated on {@code made} (what ran before, as on a database the changelog
     * migrated from its start; null: read as passing): a changeset whose precondition fails is left out when its
     * {@code onFail} is {@code MARK_RAN} or {@code CONTINUE}, and not read otherwise ({@code HALT} would have stopped
     * the update). What the changesets read make is added to {@code made}.
     */
    static List<ScriptStatement> statements(String text, String database, List<Uncertain> uncertain, MadeSoFar made)
            throws SqlParseException {
        String[] lines = text.split("\n", -1);
        List<ScriptStatement> out = new ArrayList<>();
        int bodyStart = -1;
        String id = null;
        String attributes = null;
        for (int n = 0; n <= lines.length; n++) {
            Matcher changeset = n < lines.length ? CHANGESET.matcher(lines[n]) : null;
            if (n == lines.length || changeset.matches()) {
                if (attributes != null) {
                    String unknown = runsCode(lines, bodyStart, n);
                    if (unknown == null) {
                        String precondition = unknownPrecondition(lines, bodyStart, n);
                        unknown = precondition == null ? null : "runs only when its precondition holds (" + precondition
                                + "), which a heal cannot know";
                    }
                    String onFail = onFail(lines, bodyStart, n);
                    Boolean holds = unknown == null && made != null && !onFail.equals("WARN")
                            ? existing(lines, bodyStart, n, made) : Boolean.TRUE;
                    // MARK_RAN: Liquibase left it out on a database the changelog migrated from its start
                    boolean leftOut = holds == Boolean.FALSE && (onFail.equals("MARK_RAN") || onFail.equals("CONTINUE"));
                    if (holds != Boolean.TRUE && !leftOut) {
                        unknown = "runs only when its precondition holds (" + unknownExisting(lines, bodyStart, n)
                                + "), which the changesets before it do not say";
                    }
                    if (!leftOut && unknown == null) {
                        List<ScriptStatement> read = changeset(lines, bodyStart, n, attributes, database);
                        out.addAll(read);
                        if (made != null) {
                            read.forEach(st -> made.ran(st.sql()));
                        }
                    } else if (!leftOut && runsOn(attribute(attributes, "dbms"), database)) {
                        uncertain.add(new Uncertain(id, lines(lines, bodyStart, n), unknown));
                    }
                }
                if (n < lines.length) {
                    id = changeset.group(1);
                    attributes = changeset.group(2);
                    bodyStart = n + 1;
                }
            }
        }
        return out;
    }

    /**
     * Each changeset's header line (from 1, as a statement's line counts) and the changeSet it is, {@code author:id}, as
     * Liquibase's DATABASECHANGELOG records it (spaces as {@code _}): its own id, or for a changelog the optional module
     * rendered, one statement per changeset, the {@code changeSet:} attribute that names the changeSet it came from.
     */
    static java.util.TreeMap<Integer, String> changeSetLines(String text) {
        java.util.TreeMap<Integer, String> out = new java.util.TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            Matcher changeset = CHANGESET.matcher(lines[n]);
            if (changeset.matches()) {
                String renderedFrom = attribute(changeset.group(2), "changeSet");
                out.put(n + 1, renderedFrom != null ? renderedFrom : changeset.group(1));
            }
        }
        return out;
    }

    private static final Pattern PRECONDITIONS = Pattern.compile("^\\s*--\\s*preconditions\\b(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PRECONDITION = Pattern.compile("^\\s*--\\s*precondition-([\\w-]+)(.*)$", Pattern.CASE_INSENSITIVE);
    /** The preconditions of a formatted changeset evaluated on what ran before ({@link #existing}). */
    private static final Set<String> EXISTS = Set.of("table-exists", "view-exists");
    /**
     * The preconditions a formatted changeset may hold whose outcome is told: {@code dbms} (the changeset's own
     * attribute says the same), and {@link #EXISTS}.
     */
    private static final Set<String> TOLD = Set.of("dbms", "table-exists", "view-exists");

    /**
     * The first precondition of the changeset in lines {@code from} to {@code to} whose outcome cannot be known
     * ({@code --precondition-sql-check ...}; the renderer's {@code --precondition-unknown ...}), or null: none, or
     * {@code onFail:WARN}, with which the changeset runs whatever they say.
     */
    private static String unknownPrecondition(String[] lines, int from, int to) {
        String unknown = null;
        for (int n = from; n < to; n++) {
            Matcher all = PRECONDITIONS.matcher(lines[n]);
            if (all.matches() && all.group(1).toLowerCase(Locale.ROOT).replace(" ", "").contains("onfail:warn")) {
                return null;
            }
            Matcher one = PRECONDITION.matcher(lines[n]);
            if (unknown == null && one.matches() && !TOLD.contains(one.group(1).toLowerCase(Locale.ROOT))) {
                // the renderer's --precondition-unknown names the changelog's own precondition elements
                String what = (one.group(1).equalsIgnoreCase("unknown") ? one.group(2) : one.group(1) + one.group(2)).strip();
                unknown = what.length() > 200 ? what.substring(0, 200) + "..." : what;
            }
        }
        return unknown;
    }

    private static final Pattern RUNS_CODE = Pattern.compile("^\\s*--\\s*runs-code\\s+(.*)$", Pattern.CASE_INSENSITIVE);

    /** Why a changeset the renderer marked {@code --runs-code} cannot be known, or null when it is not marked. */
    private static String runsCode(String[] lines, int from, int to) {
        for (int n = from; n < to; n++) {
            Matcher m = RUNS_CODE.matcher(lines[n]);
            if (m.matches()) {
                return "runs code (" + m.group(1).strip() + "), which a heal never runs, so what it changes cannot be known";
            }
        }
        return null;
    }

    /**
     * Whether every {@code --precondition-table-exists} and {@code --precondition-view-exists} of the changeset in lines
     * {@code from} to {@code to} holds on {@code made}; null when one names a schema (not told here).
     */
    private static Boolean existing(String[] lines, int from, int to, MadeSoFar made) {
        Boolean all = Boolean.TRUE;
        for (int n = from; n < to; n++) {
            Matcher one = PRECONDITION.matcher(lines[n]);
            if (!one.matches() || !EXISTS.contains(one.group(1).toLowerCase(Locale.ROOT))) {
                continue;
            }
            boolean table = one.group(1).equalsIgnoreCase("table-exists");
            String name = attribute(one.group(2), table ? "table" : "view");
            if (name == null || attribute(one.group(2), "schema") != null) {
                return null;
            }
            if (!(table ? made.hasTable(name) : made.hasView(name))) {
                all = Boolean.FALSE;
            }
        }
        return all;
    }

    /** The table-exists and view-exists preconditions of the changeset, as written, for a reason. */
    private static String unknownExisting(String[] lines, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int n = from; n < to; n++) {
            Matcher one = PRECONDITION.matcher(lines[n]);
            if (one.matches()) {
                out.add((one.group(1) + one.group(2)).strip());
            }
        }
        return String.join(", ", out);
    }

    /** What a failing precondition of the changeset does ({@code onFail}, upper case): {@code HALT} unless it says. */
    private static String onFail(String[] lines, int from, int to) {
        for (int n = from; n < to; n++) {
            Matcher all = PRECONDITIONS.matcher(lines[n]);
            if (all.matches() && attribute(all.group(1), "onFail") != null) {
                return attribute(all.group(1), "onFail").toUpperCase(Locale.ROOT);
            }
        }
        return "HALT";
    }

    /** The value of the changeset attribute {@code name} ({@code dbms}, {@code endDelimiter}, ...; the last one given), or null. */
    private static String attribute(String attributes, String name) {
        String value = null;
        Matcher a = ATTRIBUTE.matcher(attributes);
        while (a.find()) {
            if (a.group(1).equalsIgnoreCase(name)) {
                value = a.group(2);
            }
        }
        return value;
    }

    private static List<ScriptStatement> changeset(String[] lines, int from, int to, String attributes, String database)
            throws SqlParseException {
        String endDelimiter = attribute(attributes, "endDelimiter");
        boolean split = !"false".equalsIgnoreCase(attribute(attributes, "splitStatements"));
        if (!runsOn(attribute(attributes, "dbms"), database)) {
            return List.of();
        }
        String body = lines(lines, from, to);
        int firstLine = from + 1;
        SqlLexer.Flavor flavor = SqlLexer.Flavor.of(database);
        if (!split) {
            String sql = body.strip();
            if (endDelimiter != null && sql.endsWith(endDelimiter)) {
                sql = sql.substring(0, sql.length() - endDelimiter.length());
            }
            return ScriptStatements.wholeBlock(sql, firstLine, flavor);
        }
        if (endDelimiter == null || endDelimiter.equals(";")) {
            return ScriptStatements.split(body, firstLine, flavor);
        }
        if (endDelimiter.equals("/") || endDelimiter.equalsIgnoreCase("go")) {
            // Oracle's and SQL Server's way: the delimiter alone on its line
            List<ScriptStatement> out = new ArrayList<>();
            int start = from;
            for (int n = from; n <= to; n++) {
                if (n == to || lines[n].strip().equalsIgnoreCase(endDelimiter)) {
                    out.addAll(ScriptStatements.wholeBlock(lines(lines, start, n), start + 1, flavor));
                    start = n + 1;
                }
            }
            return out;
        }
        // another delimiter ($$, //): as the mysql client's DELIMITER line makes it, one line before the body
        return ScriptStatements.split("DELIMITER " + endDelimiter + "\n" + body, firstLine - 1, flavor);
    }

    /** Lines {@code from} (inclusive) to {@code to} (exclusive), each with its newline. */
    private static String lines(String[] lines, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int n = from; n < to; n++) {
            out.append(lines[n]).append('\n');
        }
        return out.toString();
    }

    /** Liquibase's {@code dbms:} list: names, {@code !name} for all but, {@code all}, {@code none}. */
    private static boolean runsOn(String dbms, String database) {
        if (dbms == null || dbms.equalsIgnoreCase("all")) {
            return true;
        }
        Set<String> mine = database == null ? Set.of() : DBMS.getOrDefault(database, Set.of(database));
        boolean onlyExclusions = true;
        boolean listed = false;
        for (String d : dbms.toLowerCase(Locale.ROOT).split(",")) {
            d = d.strip();
            if (d.startsWith("!")) {
                if (mine.contains(d.substring(1))) {
                    return false;
                }
            } else {
                onlyExclusions = false;
                listed |= mine.contains(d);
            }
        }
        return onlyExclusions ? database != null : listed;
    }
}
