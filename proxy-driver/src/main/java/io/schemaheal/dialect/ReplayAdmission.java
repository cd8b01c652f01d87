package io.schemaheal.dialect;

import io.schemaheal.sql.SqlParseException;
import io.schemaheal.sql.StatementWords;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which statements of a set a replay on a scratch database runs, read before anything runs (the first of the ways a
 * replay is kept off the live database; each database adds its own while it runs): a statement that names a database
 * or schema the account can see (qualified names, and names inside strings that dynamic SQL may put together), reads
 * the catalog of every database or schema without asking which one it runs in, acts on the server (an account, a
 * database, a global setting, a file) or is not a statement a migration writes refuses the replay, naming it; one that
 * only gives rights or makes accounts is passed over (it never changes a table's shape).
 *
 * @param runs       first words of the statements a replay runs
 * @param passedOver first words of the statements passed over
 * @param objects    the words that say what a {@code CREATE}, {@code ALTER} or {@code DROP} is of
 * @param own        of those, what lives in the scratch database (the rest refuse the replay, but accounts)
 * @param server     words that, anywhere in a statement, act on the server or its files
 * @param ownName    words of a script that asks which database or schema it runs in ({@code DATABASE()})
 */
public record ReplayAdmission(Set<String> runs, Set<String> passedOver, Set<String> objects, Set<String> own,
                              Set<String> server, Set<String> ownName) {

    private static final Set<String> ACCOUNTS = Set.of("user", "role");
    private static final Set<String> CATALOGS = Set.of("information_schema", "pg_catalog", "pg_class", "pg_tables",
            "pg_namespace");

    /**
     * The statements to run, in order.
     *
     * @param reachable the names of the databases or schemas the account can see, lower case: the live one among them
     */
    public List<ScratchReplay.Replayed> admitted(List<ScratchReplay.Replayed> statements, Set<String> reachable)
            throws ScratchReplay.Refused {
        try {
            Map<String, Boolean> asksOwnName = new LinkedHashMap<>();
            for (ScratchReplay.Replayed s : statements) {
                boolean asks = StatementWords.all(s.statement()).stream().anyMatch(ownName::contains);
                asksOwnName.merge(file(s), asks, Boolean::logicalOr);
            }
            List<ScratchReplay.Replayed> out = new ArrayList<>();
            for (ScratchReplay.Replayed s : statements) {
                if (admitted(s, reachable, asksOwnName.get(file(s)))) {
                    out.add(s);
                }
            }
            return out;
        } catch (SqlParseException e) {
            throw new ScratchReplay.Refused("a statement of the migrations cannot be read (" + e.getMessage()
                    + "), so none is replayed");
        }
    }

    private static String file(ScratchReplay.Replayed s) {
        return s.where().substring(0, s.where().lastIndexOf(':'));
    }

    private boolean admitted(ScratchReplay.Replayed s, Set<String> reachable, boolean asksOwnName)
            throws SqlParseException, ScratchReplay.Refused {
        String first = StatementWords.first(s.statement());
        if (passedOver.contains(first) || first.equals("set") && StatementWords.second(s.statement()).equals("password")) {
            return false;
        }
        if (!runs.contains(first)) {
            throw refused(s, "(" + first.toUpperCase(Locale.ROOT) + ") is not one a replay on a scratch database runs");
        }
        if (first.equals("create") || first.equals("alter") || first.equals("drop")) {
            String object = StatementWords.firstOf(s.statement(), objects);
            if (ACCOUNTS.contains(object)) {
                return false; // accounts: passed over, like grants
            }
            if (!own.contains(object)) {
                throw refused(s, "(" + s.statement().summary() + ") acts beyond the database it runs in");
            }
        }
        List<String> words = StatementWords.all(s.statement());
        Set<String> seen = new HashSet<>(words);
        for (String w : words) {
            if (reachable.contains(w)) {
                throw refused(s, "names " + w + ", a database or schema the replay could reach");
            }
            if (server.contains(w)) {
                throw refused(s, "may act on the server or its files (" + w.toUpperCase(Locale.ROOT) + ")");
            }
        }
        if (!asksOwnName && CATALOGS.stream().anyMatch(seen::contains)) {
            throw refused(s, "reads the catalog of every database (its script never asks which one it runs in), so it "
                    + "could reach another");
        }
        return true;
    }

    private static ScratchReplay.Refused refused(ScratchReplay.Replayed s, String why) {
        return new ScratchReplay.Refused("the statement at " + s.where() + " " + why + ", so it is not replayed");
    }
}
