package io.schemaheal.doctor;

import io.schemaheal.heal.VersionTable;
import io.schemaheal.manifest.Migration;

import java.util.List;

/**
 * What the doctor found: per migration, in version order, the objects it creates or alters that the
 * end state still has, present or missing, and what the application's version table says of it.
 *
 * @param newerRelease the version table (a set's own Flyway history table, with several sets) that records a version
 *                     newer than every migration here, and that version (the database belongs to a newer release, and
 *                     SchemaHeal heals nothing in it), or null
 * @param unreadable   scripts that could not be read and tables two scripts create: what SchemaHeal does not heal, why
 * @param notices      what is there but not as the migrations made it, and no drift: a foreign key a heal added back
 *                     without checking the rows that were there ({@code NOT VALID}), with the statement that checks it
 */
public record DoctorReport(String url, List<String> locations, VersionTable versionTable, VersionTable.Ahead newerRelease,
                           List<String> unreadable, List<MigrationStatus> migrations, List<String> notices) {

    /** One object a migration creates or alters: a table, column, index, trigger or view. */
    public record ObjectStatus(String kind, String name, boolean present) {
        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    /**
     * @param recorded        the version table records this migration
     * @param implied         the version table records it or a later one: the migrator believes it ran
     * @param notRunYet       the version table, which records versions and is the history of every migration here (one
     *                        set), does not imply it: a new release's, which the migration tool applies
     * @param checksumProblem why a pinned checksum rejects this script, or null
     */
    public record MigrationStatus(Migration migration, List<ObjectStatus> objects, boolean recorded, boolean implied,
                                  boolean notRunYet, String checksumProblem) {
        public List<ObjectStatus> missing() {
            return objects.stream().filter(o -> !o.present()).toList();
        }

        public boolean complete() {
            return missing().isEmpty();
        }

        /** Seed 000: the version table says it ran, but its objects are not there. */
        public boolean believedAppliedButMissing() {
            return implied && !complete();
        }

        /** Its objects are all there, but the version table does not record it. */
        public boolean presentButUnrecorded(boolean hasVersionTable) {
            return hasVersionTable && !recorded && complete() && !objects.isEmpty();
        }
    }

    /**
     * The migrations the version table says have not run yet (a new release's, which the migration tool applies), with
     * something missing: not SchemaHeal's to make. Empty where no version table records versions, or the migrations
     * are several sets.
     */
    public List<MigrationStatus> pending() {
        return migrations.stream().filter(m -> m.notRunYet() && !m.complete()).toList();
    }

    /**
     * What of {@code pending} is left to the migration tool, said as the version table has it: a file it does not
     * record ({@code V3__orders.sql}), or the changeSets it does not record of a Liquibase file whose others ran
     * ({@code the changeSets of db.changelog.sql not recorded yet}).
     */
    public String notRunYet(MigrationStatus pending) {
        return ranInPart(pending) ? "the changeSets of " + pending.migration().fileName() + " not recorded yet"
                : pending.migration().fileName();
    }

    /** Whether {@code pending} is the changeSets not run yet of a Liquibase file of which others ran. */
    public boolean ranInPart(MigrationStatus pending) {
        return migrations.stream().anyMatch(m -> !m.notRunYet() && m.migration().equals(pending.migration()));
    }

    /**
     * Drift: an object is missing (of a migration that is not {@link #pending}), a script fails its pinned checksum or
     * cannot be read, or the database is a newer release's.
     */
    public boolean drift() {
        return newerRelease != null || !unreadable.isEmpty() || migrations.stream()
                .anyMatch(m -> !m.complete() && !m.notRunYet() || m.checksumProblem() != null);
    }
}
