package io.schemaheal.manifest;

import io.schemaheal.sql.DynamicSql;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementKind;
import io.schemaheal.sql.UnreadableText;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The statements of a set that run SQL built at run time ({@link DynamicSql}), directly or through a procedure they
 * call, and the relations each may touch. A heal replays a table's history from its statements' text; one of these
 * changes the table in a way no text says (Conductor's MySQL scripts drop its primary key, an index and a column through
 * {@code CALL FixPkIfNeeded(...)}), so a table whose history may pass through one is not healed, and its heal names the
 * statement. Made once per set, when a heal first asks.
 */
final class BuiltAtRunTime {

    /**
     * One such statement: where it is, why its effect cannot be read, what it may touch and what its own text names
     * (lower-case bare names).
     */
    private record Found(int seq, String where, String why, Set<String> names, Set<String> own) {
    }

    private final List<Found> found = new ArrayList<>();

    /** The kinds of statement that run something when the migration runs: a call, a query, a prepared text, a block. */
    private static final Set<StatementKind> RUNS = java.util.EnumSet.of(StatementKind.DATA, StatementKind.OTHER,
            StatementKind.PROCEDURAL);

    BuiltAtRunTime(MigrationManifest manifest) {
        for (MigrationManifest.Entry e : manifest.entries()) {
            SqlStatement s = e.statement();
            if (!RUNS.contains(s.kind()) || DynamicSql.defines(s)) {
                continue; // defining, altering or dropping a body runs nothing; calling it does
            }
            String prepared = DynamicSql.runs(s);
            List<String> bodies = new ArrayList<>(List.of(s.sql())); // the statement, and the bodies it calls
            String why = prepared != null ? prepared : callsDynamic(manifest, e, s.effects().calls(), bodies, new HashSet<>());
            if (why == null) {
                continue;
            }
            // where the names it builds may come from: those bodies, and the session variables its script sets
            List<String> variables = DynamicSql.variablesSet(e.migration().statements());
            List<String> texts = new ArrayList<>(bodies);
            texts.addAll(variables);
            Set<String> own = new HashSet<>(UnreadableText.names(s.sql()));
            if (prepared != null) {
                variables.forEach(text -> own.addAll(UnreadableText.names(text))); // a prepared text: from those variables
            }
            found.add(new Found(e.seq(), e.migration().path() + " (line " + s.line() + ")", why,
                    DynamicSql.mayTouch(bodies, s.flavor(), texts), own));
        }
    }

    /**
     * Why calling {@code calls} runs SQL built at run time: the latest definition before {@code caller} of one of them
     * (or of what it calls) runs some. Adds each such definition to {@code bodies}.
     */
    private static String callsDynamic(MigrationManifest manifest, MigrationManifest.Entry caller, Set<String> calls,
                                       List<String> bodies, Set<String> visited) {
        String why = null;
        for (String call : calls) {
            if (!visited.add(call)) {
                continue;
            }
            MigrationManifest.Entry definition = manifest.functionDefinition(call, caller.seq());
            if (definition == null) {
                continue;
            }
            SqlStatement body = definition.statement();
            String inner = body.effects().unreadable() != null ? body.effects().unreadable()
                    : callsDynamic(manifest, caller, body.effects().calls(), bodies, visited);
            if (inner != null) {
                bodies.add(body.sql());
                why = why != null ? why : "it calls " + call + ", whose body " + inner.replaceFirst("^it ", "");
            }
        }
        return why;
    }

    /**
     * Why the relation ({@code bareKey}, first created at statement {@code createdAt}, or -1 when none creates it) is not
     * healed, or null: a statement after its creation runs SQL built at run time that may touch it.
     */
    String refusal(String bareKey, int createdAt) {
        Found first = null;
        for (Found f : found) {
            if (f.seq() > createdAt && f.names().contains(bareKey)) {
                if (f.own().contains(bareKey)) {
                    first = f; // the one that names it (CALL FixPkIfNeeded('queue', ...)) says it best
                    break;
                }
                first = first != null ? first : f;
            }
        }
        return first == null ? null : "migration " + first.where() + " builds SQL at run time (" + first.why()
                + "); what it does to " + bareKey + " is not in any script, so its history cannot be replayed from the text";
    }
}
