package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The live database as the migrations name its objects: whether a relation, index, trigger or column is there. A name
 * written without a schema means {@link #schema()} (null: the connection's own), and an index is looked for where the
 * database keeps it, in its table's schema. What a heal's rules judge statements by and what the doctor reports, asked
 * one way.
 */
public class LiveCatalog {

    final Connection connection;
    final Dialect dialect;
    final MigrationManifest manifest;
    final String schema;

    /** @param schema the schema unqualified names resolve to, or null for the connection's own */
    LiveCatalog(Connection connection, Dialect dialect, MigrationManifest manifest, String schema) {
        this.connection = connection;
        this.dialect = dialect;
        this.manifest = manifest;
        this.schema = schema;
    }

    /** The catalog as {@code connection} sees it, unqualified names in its own schema. */
    public static LiveCatalog of(Connection connection, Dialect dialect, MigrationManifest manifest) {
        return new LiveCatalog(connection, dialect, manifest, null);
    }

    Connection connection() {
        return connection;
    }

    String schema() {
        return schema;
    }

    public boolean exists(ObjectType type, ObjectName name) throws SQLException {
        return exists(type, name, null);
    }

    /** @param table the table an index or trigger is on, or null */
    public boolean exists(ObjectType type, ObjectName name, ObjectName table) throws SQLException {
        ObjectName where = type == ObjectType.INDEX ? name.indexOn(table) : name;
        return dialect.catalog().exists(connection, type, where.inSchema(schema), table == null ? null : table.inSchema(schema));
    }

    /** True when the relation the migrations name by this key exists. */
    public boolean relationExists(String key) throws SQLException {
        return exists(ObjectType.RELATION, manifest.name(key));
    }

    public boolean columnExists(ObjectName table, String column) throws SQLException {
        return dialect.catalog().columnExists(connection, table.inSchema(schema), column);
    }

    /** The table's columns as the database keeps them; empty when it is not there. */
    public java.util.List<String> columns(ObjectName table) throws SQLException {
        return dialect.catalog().columns(connection, table.inSchema(schema));
    }

    /** See {@link io.schemaheal.dialect.CatalogQueries#ignoresColumnReferences}: the database keeps no foreign key written on a column. */
    public boolean ignoresColumnReferences() throws SQLException {
        return dialect.catalog().ignoresColumnReferences(connection);
    }

    public boolean foreignKeyExists(ObjectName child, java.util.List<String> columns, ObjectName parent) throws SQLException {
        return dialect.catalog().foreignKeyExists(connection, child.inSchema(schema), columns, parent.inSchema(schema));
    }

    /** The statement that checks a foreign key whose existing rows were never checked (PostgreSQL NOT VALID), or null. */
    public String validateForeignKey(ObjectName child, java.util.List<String> columns, ObjectName parent) throws SQLException {
        return dialect.ddl().validateForeignKey(connection, child.inSchema(schema), columns, parent.inSchema(schema));
    }
}
