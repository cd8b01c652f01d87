package io.schemaheal.manifest;

import io.schemaheal.sql.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * goose's migrations written in Go ({@code 00002_backfill.go} beside the {@code .sql} ones): goose runs them in version
 * order with the others, and a heal never runs code, so what one did to a relation made before it cannot be known. Every
 * relation a script of the same set made before its version is not healed, the reason naming the Go file; one made
 * after it heals.
 */
final class GoMigrations {

    /** One such file: where it is, and its version. */
    record Found(String path, String fileName, Version version) {
    }

    private GoMigrations() {
    }

    /** The file as a Go migration, or null when it is not one. */
    static Found of(MigrationLocation.Resource file) {
        Version version = MigrationFileName.goMigrationVersion(file.name());
        return version == null ? null : new Found(file.path(), file.name(), version);
    }

    /** What each Go migration of a set makes not healed: the relations its scripts made before it. */
    static List<UnreadableScript> refusals(List<Found> found, List<Migration> set) {
        List<UnreadableScript> out = new ArrayList<>();
        for (Found go : found) {
            Set<String> before = new TreeSet<>();
            for (Migration m : set) {
                if (m.version().compareTo(go.version()) >= 0) {
                    continue;
                }
                for (SqlStatement s : m.statements()) {
                    if (s.kind().createsRelation() && s.object() != null) {
                        before.add(s.object().bareKey());
                    }
                }
            }
            if (!before.isEmpty()) {
                out.add(UnreadableScript.neverApplied(go.path(), before, "goose migration " + go.fileName() + " (version "
                        + go.version() + ") is written in Go: it runs code, which a heal never runs, after "
                        + String.join(", ", before) + " were made"));
            }
        }
        return out;
    }
}
