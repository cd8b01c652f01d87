package io.schemaheal.manifest;

import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementKind;
import io.schemaheal.sql.UnreadableText;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a Flyway SQL callback ({@code afterMigrate.sql}, {@code afterEachMigrate.sql}, ...) changes of the relations it
 * names. Flyway runs it around the migrations; it owns nothing and a heal never applies it, so a table a callback
 * alters, indexes, triggers or drops would be healed without what the callback made of it: such a table is not healed,
 * the reason naming the callback. Rows it writes and rights it grants are no table's structure and refuse nothing; a
 * procedural block refuses every relation its text names.
 */
final class FlywayCallbacks {

    private FlywayCallbacks() {
    }

    /** The callback's changes to relations as a part of the scripts not read, or null when it changes none. */
    static UnreadableScript changes(MigrationFileName name, MigrationLocation.Resource file, Map<String, String> placeholders,
                                    String database) {
        Migration callback;
        try {
            callback = MigrationScriptReader.read(name, file, placeholders, database);
        } catch (UnreadableScript e) {
            return e; // what it may touch, by the names in its text
        } catch (ManifestException e) {
            return new UnreadableScript(file.path(), null, e.getMessage());
        }
        Set<String> names = new TreeSet<>();
        int firstLine = 0;
        for (SqlStatement s : callback.statements()) {
            if (s.kind() == StatementKind.DATA || s.kind() == StatementKind.OTHER) {
                continue; // rows, rights, settings
            }
            if (s.kind() == StatementKind.PROCEDURAL) {
                names.addAll(UnreadableText.names(s.sql()));
            } else {
                ObjectName on = s.table() != null ? s.table() : s.object();
                if (on == null) {
                    continue;
                }
                names.add(on.bareKey());
            }
            firstLine = firstLine == 0 ? s.line() : firstLine;
        }
        return names.isEmpty() ? null : UnreadableScript.neverApplied(file.path(), names, "Flyway callback " + file.path()
                + " (line " + firstLine + ") changes " + String.join(", ", names) + ", and a heal never applies callbacks");
    }
}
