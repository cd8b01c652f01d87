package com.example.fakejdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A driver's statement (outside SchemaHeal's packages, so the agent weaves it) whose {@code executeQuery} assigns its
 * own parameter before it fails on a missing table, as compiled code may: the agent's loop runs the body again with
 * the SQL it was called with, never with what the body left in the parameter. Run as a main under the agent:
 * {@code jdbc:sqlite:<file>} and the query; prints each SQL the body was given, then "query ok".
 */
public class MutatingStatement extends org.sqlite.jdbc4.JDBC4Statement {

    private static final List<String> CALLS = new ArrayList<>();

    public MutatingStatement(org.sqlite.SQLiteConnection conn) {
        super(conn);
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        CALLS.add(sql);
        String asked = sql;
        sql = "SELECT 'what the body left in its parameter'";
        try (ResultSet tables = getConnection().getMetaData().getTables(null, null, "owners", null)) {
            if (!tables.next()) {
                // as sqlite-jdbc says it, with SQLite's result code
                throw new SQLException("[SQLITE_ERROR] SQL error or missing database (no such table: owners)", null, 1);
            }
        }
        return super.executeQuery(asked);
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0]);
             MutatingStatement st = new MutatingStatement(c.unwrap(org.sqlite.SQLiteConnection.class));
             ResultSet rs = st.executeQuery(args[1])) {
            rs.next();
            System.out.println("calls: " + CALLS);
            System.out.println("query ok");
        }
    }
}
