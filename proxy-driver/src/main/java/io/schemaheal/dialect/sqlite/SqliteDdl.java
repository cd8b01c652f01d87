package io.schemaheal.dialect.sqlite;

import io.schemaheal.dialect.DdlWriter;

/** SQLite: how its DDL is written (the part of its {@link SqliteDialect} that is a {@link DdlWriter}). */
final class SqliteDdl implements DdlWriter {

    @Override
    public String autoIncrementPrimaryKey() {
        return "INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    /** SQLite has no ALTER TABLE ... ADD CONSTRAINT: a column's own constraints come with its definition. */
    @Override
    public String addConstraint(io.schemaheal.sql.SqlStatement alterTableAdd) {
        return null;
    }
}
