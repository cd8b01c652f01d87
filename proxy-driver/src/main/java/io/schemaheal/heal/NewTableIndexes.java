package io.schemaheal.heal;

import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementKind;
import io.schemaheal.sql.TableElements;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the indexes a plan adds to a table it creates inside that table's {@code CREATE TABLE}, where the
 * dialect asks for it (MariaDB). There any {@code ALTER}/{@code CREATE INDEX} of a table with a foreign
 * key waits for every open transaction that wrote the parent table — the application's own transaction,
 * which is waiting for this heal, among them — and while it waits, it holds up every new write to the
 * parent. A {@code CREATE TABLE} waits for nobody. Only plain index statements that follow the
 * {@code CREATE TABLE} with nothing else about that table between them are folded; the rest run as written.
 */
final class NewTableIndexes {

    private NewTableIndexes() {
    }

    /** A folded CREATE TABLE: its text and the plan steps whose indexes it now builds. */
    record Fold(String sql, List<HealPlan.Step> steps) {
    }

    /**
     * The CREATE TABLE at {@code at} with the indexes of the steps right after it that can be built inline,
     * or null when there is none (or the statement's shape is not one this reads with certainty).
     */
    static Fold fold(List<HealPlan.Step> steps, int at) {
        SqlStatement create = steps.get(at).entry().statement();
        if (create.kind() != StatementKind.CREATE_TABLE || create.object() == null) {
            return null;
        }
        String table = create.object().key();
        int close = TableElements.listEnd(create);
        if (close < 0) {
            return null;
        }
        StringBuilder inline = new StringBuilder();
        List<HealPlan.Step> folded = new ArrayList<>();
        for (int i = at + 1; i < steps.size(); i++) {
            SqlStatement s = steps.get(i).entry().statement();
            if (!about(s, table)) {
                continue; // another table's statement: it does not change this one
            }
            String definition = s.kind() == StatementKind.CREATE_INDEX && !s.nonTransactional()
                    ? TableElements.asElement(s) : null;
            if (definition == null) {
                break; // something else changes the table first: the indexes after it run as written
            }
            inline.append(",\n  ").append(definition);
            folded.add(steps.get(i));
        }
        if (folded.isEmpty()) {
            return null;
        }
        String sql = create.sql().substring(0, close) + inline + create.sql().substring(close);
        return new Fold(sql, folded);
    }

    private static boolean about(SqlStatement s, String table) {
        if (s.table() != null && s.table().key().equals(table)) {
            return true;
        }
        return s.objects().stream().anyMatch(o -> o.key().equals(table)) || s.references().contains(table);
    }
}
