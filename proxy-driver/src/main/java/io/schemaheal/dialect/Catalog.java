package io.schemaheal.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers the dialects (this package and one per database below it) share for their catalog questions. */
public final class Catalog {

    private Catalog() {
    }

    /** True when the query, with its string parameters bound, returns a row. */
    public static boolean anyRow(Connection c, String sql, String... args) throws SQLException {
        return !rows(c, sql, 1, args).isEmpty();
    }

    /**
     * The first column of the rows of {@code sql}, whose {@code %s} is a list of one parameter per name of {@code names}
     * and whose last parameter is how many there are: a catalog question of the form "the tables having all these".
     */
    public static List<String> havingAll(Connection c, String sql, List<String> names) throws SQLException {
        List<String> args = new java.util.ArrayList<>(names);
        args.add(String.valueOf(names.size()));
        return strings(c, sql.formatted(String.join(", ", java.util.Collections.nCopies(names.size(), "?"))),
                args.toArray(new String[0]));
    }

    /** The first column of the query's rows, with its string parameters bound. */
    public static List<String> strings(Connection c, String sql, String... args) throws SQLException {
        return rows(c, sql, Integer.MAX_VALUE, args);
    }

    private static List<String> rows(Connection c, String sql, int most, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (out.size() < most && rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    public static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more can be done with it
        }
    }
}
