package io.schemaheal.manifest;

import io.schemaheal.sql.SqlStatement;

import java.util.List;

/**
 * One migration script: version, description, file, SHA-256 of its bytes, and its classified statements
 * (only the "up" part for dbmate and goose files).
 */
public record Migration(Version version, String description, String fileName, String path, String sha256,
                        List<SqlStatement> statements) {

    public Migration {
        statements = List.copyOf(statements);
    }

    @Override
    public String toString() {
        return fileName;
    }
}
