package io.schemaheal.manifest;

import io.schemaheal.sql.SqlStatement;

import java.util.List;

/**
 * One migration script: version, description, file, SHA-256 of its bytes, and its classified statements
 * (only the "up" part for dbmate and goose files).
 *
 * @param changeSets for a Liquibase changelog, the changeSet ({@code author:id}) of each statement, in the same order;
 *                   empty for any other script
 */
public record Migration(Version version, String description, String fileName, String path, String sha256,
                        List<SqlStatement> statements, List<String> changeSets) {

    public Migration {
        statements = List.copyOf(statements);
        changeSets = List.copyOf(changeSets);
        if (!changeSets.isEmpty() && changeSets.size() != statements.size()) {
            throw new IllegalArgumentException("a changeSet for each statement of " + fileName);
        }
    }

    /** A script that is not a Liquibase changelog. */
    public Migration(Version version, String description, String fileName, String path, String sha256,
                     List<SqlStatement> statements) {
        this(version, description, fileName, path, sha256, statements, List.of());
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
