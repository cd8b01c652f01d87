package io.schemaheal.manifest;

import io.schemaheal.sql.SqlStatement;

import java.util.List;

/**
 * One migration script: version, description, file, SHA-256 of its bytes, and its classified statements
 * (only the "up" part for dbmate and goose files).
 *
 * @param changeSets for a Liquibase changelog, the changeSet ({@code author:id}) of each statement, in the same order;
 *                   empty for any other script
 * @param asWritten  the statements as the database runs them, where {@code statements} reads some in place of what
 *                   they run (a {@code CALL} read as its procedure's body, a {@code PREPARE} as its text); empty when
 *                   they are the same
 */
public record Migration(Version version, String description, String fileName, String path, String sha256,
                        List<SqlStatement> statements, List<String> changeSets, List<SqlStatement> asWritten) {

    public Migration {
        statements = List.copyOf(statements);
        changeSets = List.copyOf(changeSets);
        asWritten = List.copyOf(asWritten);
        if (!changeSets.isEmpty() && changeSets.size() != statements.size()) {
            throw new IllegalArgumentException("a changeSet for each statement of " + fileName);
        }
    }

    /** A script that is not a Liquibase changelog. */
    public Migration(Version version, String description, String fileName, String path, String sha256,
                     List<SqlStatement> statements) {
        this(version, description, fileName, path, sha256, statements, List.of(), List.of());
    }

    /** The statements as the database runs them, in order: a replay of the script runs these. */
    public List<SqlStatement> run() {
        return asWritten.isEmpty() ? statements : asWritten;
    }

    /**
     * A Liquibase changeSet's name as SchemaHeal writes and compares it: {@code author:id}, spaces as {@code _} (as a
     * formatted changelog's {@code --changeset author:id} line can hold them).
     */
    public static String changeSetName(String author, String id) {
        return author.replace(' ', '_') + ":" + id.replace(' ', '_');
    }

    /**
     * The changeSet ({@code author:id}) the statement at {@code index} belongs to, or null when this is no changelog (or
     * there is no such statement).
     */
    public String changeSet(int index) {
        return index < 0 || index >= changeSets.size() ? null : changeSets.get(index);
    }

    @Override
    public String toString() {
        return fileName;
    }
}
