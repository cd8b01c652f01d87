package io.schemaheal.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tables an application statement names, with their aliases: {@code FROM chat_messages m JOIN
 * chat_sessions AS s} gives {@code chat_messages → chat_messages, m → chat_messages, chat_sessions →
 * chat_sessions, s → chat_sessions}; a qualified name keeps its schema in the value ({@code FROM tenant_b.users u}:
 * {@code users → tenant_b.users, u → tenant_b.users}). Keys and values are keys ({@link ObjectName#key()}). Used only to find which table
 * a missing column belongs to.
 */
public final class StatementTables {

    private static final Set<String> NOT_ALIASES = Set.of("where", "join", "inner", "left", "right", "full", "outer",
            "cross", "natural", "on", "using", "set", "values", "select", "group", "order", "having", "limit", "offset",
            "union", "except", "intersect", "returning", "default", "as", "window", "for", "fetch", "lateral");

    private StatementTables() {
    }

    /** @param flavor how the database reads the statement: PostgreSQL keeps a quoted name's case (see {@link ObjectName}) */
    public static Map<String, String> of(String sql, SqlLexer.Flavor flavor) {
        Map<String, String> out = new LinkedHashMap<>();
        if (sql == null) {
            return out;
        }
        List<Token> t;
        try {
            t = SqlLexer.tokenize(sql, flavor);
        } catch (SqlParseException e) {
            return out;
        }
        for (int k = 0; k < t.size(); k++) {
            Token x = t.get(k);
            if (!(x.isWord("FROM") || x.isWord("JOIN") || x.isWord("UPDATE") || x.isWord("INTO") || x.isWord("TABLE"))) {
                continue;
            }
            int i = k + 1;
            while (i < t.size()) {
                if (i >= t.size() || !t.get(i).isIdentifier()) {
                    break;
                }
                int nameEnd = i;
                if (i + 2 < t.size() && t.get(i + 1).isSymbol('.') && t.get(i + 2).isIdentifier()) {
                    nameEnd = i + 2;
                }
                ObjectName name = ObjectName.read(nameEnd == i ? null : t.get(i), t.get(nameEnd), flavor);
                String qualified = name.key();
                out.put(name.bareKey(), qualified);
                i = nameEnd + 1;
                if (i < t.size() && t.get(i).isWord("AS")) {
                    i++;
                }
                if (i < t.size() && t.get(i).isIdentifier()
                        && !NOT_ALIASES.contains(t.get(i).text().toLowerCase(Locale.ROOT))) {
                    out.put(t.get(i).text().toLowerCase(Locale.ROOT), qualified);
                    i++;
                }
                if (i < t.size() && t.get(i).isSymbol(',') && x.isWord("FROM")) {
                    i++; // FROM a x, b y
                    continue;
                }
                break;
            }
        }
        return out;
    }
}
