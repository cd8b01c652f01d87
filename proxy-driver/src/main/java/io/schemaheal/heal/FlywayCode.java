package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.manifest.Migration;
import io.schemaheal.manifest.MigrationManifest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The migrations Flyway's history tables record as having run code: Java migrations ({@code JDBC}, Spring's
 * {@code SPRING_JDBC}), script migrations ({@code SCRIPT}), any type but an SQL script's. No script set holds them, and a
 * heal never runs code, so what they did to a table made before them cannot be known: such a table is not healed from
 * the scripts alone (it would come back without what the code made, and be recorded as healed). Read at each heal.
 */
public final class FlywayCode {

    /** One such migration: the history table, its version (null: a repeatable, run after all), script, type and set. */
    private record Ran(String table, String version, String script, String type, List<Migration> set) {
    }

    /** The types of a Flyway history row that ran no code: SQL scripts, and rows that mark rather than run. */
    private static final String NOT_CODE = "'SQL', 'SQL_BASELINE', 'BASELINE', 'SCHEMA', 'DELETE', 'UNDO_SQL'";

    private final List<Ran> ran;

    private FlywayCode(List<Ran> ran) {
        this.ran = ran;
    }

    /** What the Flyway history tables of the connection's schema record of code that ran (none where there are none). */
    public static FlywayCode read(Connection c, Dialect dialect, MigrationManifest manifest) throws SQLException {
        return read(c, dialect, manifest, VersionTable.flywayTables(c, dialect));
    }

    /** As {@link #read(Connection, Dialect, MigrationManifest)}, given those tables. */
    static FlywayCode read(Connection c, Dialect dialect, MigrationManifest manifest, List<String> flywayTables)
            throws SQLException {
        List<Ran> ran = new ArrayList<>();
        for (String flyway : flywayTables) {
            String table = dialect.ddl().quote(flyway);
            List<Migration> set = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT version, script, type FROM " + table
                    + " WHERE success AND type NOT IN (" + NOT_CODE + ") ORDER BY installed_rank");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (set == null) {
                        // which of the application's sets this history belongs to: its versions count within that set
                        set = VersionTable.flywayTable(c, dialect, flyway).setOf(manifest.sets());
                        set = set == null ? List.of() : set;
                    }
                    ran.add(new Ran(flyway, rs.getString(1), rs.getString(2), rs.getString(3), set));
                }
            }
        }
        return new FlywayCode(ran);
    }

    /**
     * Why one of {@code relations} (keys) is not healed: a migration that ran code after the script that made it (or in
     * another set, whose order against it is not known); null when none did.
     */
    public String refusal(MigrationManifest manifest, Collection<String> relations) {
        if (ran.isEmpty()) {
            return null;
        }
        for (String relation : relations) {
            MigrationManifest.Entry creation = manifest.creation(relation);
            if (creation == null) {
                continue;
            }
            Migration made = creation.migration();
            for (Ran r : ran) {
                if (!r.set().contains(made) || VersionTable.after(r.version(), made.version())) {
                    return "Flyway's history " + r.table() + " records " + (r.version() == null ? "a repeatable migration"
                            : "version " + r.version()) + " (" + r.script() + ", type " + r.type() + "), which ran code after "
                            + HealPlan.display(relation) + " was made by " + made.fileName() + ": what the code changed "
                            + "cannot be known, and a heal never runs code";
                }
            }
        }
        return null;
    }
}
