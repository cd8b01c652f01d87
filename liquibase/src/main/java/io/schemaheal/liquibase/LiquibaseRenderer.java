package io.schemaheal.liquibase;

import io.schemaheal.log.HealLog;
import io.schemaheal.manifest.ChangelogRenderer;
import liquibase.change.Change;
import liquibase.change.core.ExecuteShellCommandChange;
import liquibase.change.core.OutputChange;
import liquibase.change.core.StopChange;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseList;
import liquibase.database.OfflineConnection;
import liquibase.database.core.MariaDBDatabase;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.core.SQLiteDatabase;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.precondition.Precondition;
import liquibase.precondition.PreconditionLogic;
import liquibase.precondition.core.AndPrecondition;
import liquibase.precondition.core.DBMSPrecondition;
import liquibase.precondition.core.NotPrecondition;
import liquibase.precondition.core.OrPrecondition;
import liquibase.precondition.core.PreconditionContainer;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.sql.Sql;
import liquibase.sql.UnparsedSql;
import liquibase.sqlgenerator.core.AddColumnGenerator;
import liquibase.statement.core.AddColumnStatement;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a changelog's changeSets to the SQL Liquibase would run on the database, offline: the changelog is parsed
 * by Liquibase (its includes too), each change generates its statements for a database object that has no
 * connection, and nothing is executed or written (Liquibase's offline update would write a
 * {@code databasechangelog.csv} into the working directory; this never runs an update). A changeSet for other
 * databases ({@code dbms}, the attribute, or a precondition that asks only that and says to go on without it) is left
 * out; other preconditions, contexts and rollbacks are not a heal's concern.
 * Rendering never runs code: a changeSet with a change whose statements come from running something
 * ({@code customChange}, {@code executeCommand}, {@code stop}, {@code output}, any extension's change) is left out
 * whole, named in the log and by a statement a heal never runs; the rest of the changelog is rendered.
 */
public final class LiquibaseRenderer implements ChangelogRenderer {

    @Override
    public List<Rendered> render(String changelog, String database, ClassLoader loader) throws Exception {
        Database db = database(database);
        ResourceAccessor accessor;
        String path;
        String root = "";
        if (changelog.startsWith("classpath:")) {
            accessor = new ClassLoaderResourceAccessor(loader);
            path = changelog.substring("classpath:".length());
        } else {
            // a path not relative to its changelog is read from the working directory, as Liquibase's command line does
            Path file = Path.of(changelog).toAbsolutePath();
            accessor = new CompositeResourceAccessor(new DirectoryResourceAccessor(Path.of("").toAbsolutePath()),
                    new DirectoryResourceAccessor(file.getRoot()));
            path = file.getRoot().relativize(file).toString().replace('\\', '/');
            root = file.getRoot().toString().replace('\\', '/');
        }
        accessor = new InertResources(accessor); // a customChange's class is neither loaded nor run
        ChangeLogParameters parameters = new ChangeLogParameters(db);
        DatabaseChangeLog log = ChangeLogParserFactory.getInstance().getParser(path, accessor).parse(path, parameters, accessor);
        Map<String, StringBuilder> byFile = new LinkedHashMap<>();
        for (ChangeSet changeSet : log.getChangeSets()) {
            if (!DatabaseList.definitionMatches(changeSet.getDbmsSet(), db, true) || skippedByDbms(changeSet, db)) {
                continue;
            }
            StringBuilder sql = byFile.computeIfAbsent(changeSet.getFilePath(), f -> new StringBuilder("--liquibase formatted sql\n"));
            Change code = changeSet.getChanges().stream().filter(LiquibaseRenderer::runsCode).findFirst().orElse(null);
            if (code != null) {
                String what = code instanceof OutputChange o && String.valueOf(o.getMessage()).startsWith(InertResources.CUSTOM_CHANGE)
                        ? "customChange " + o.getMessage().substring(InertResources.CUSTOM_CHANGE.length()).strip()
                        : code.getSerializedObjectName();
                HealLog.get().warn("SchemaHeal leaves out changeSet {}: its {} would run code, which a heal never "
                        + "does; what it makes is not healed", id(changeSet), what);
                sql.append("--changeset ").append(changeSet.getAuthor().replace(' ', '_')).append(':')
                        .append(changeSet.getId().replace(' ', '_')).append("-left-out splitStatements:false\n")
                        .append(neverRun(changeSet, "runs code (" + what + "), which SchemaHeal never runs")).append("\n");
                continue;
            }
            int n = 0;
            for (Change change : changeSet.getChanges()) {
                if (!change.supports(db)) {
                    continue;
                }
                for (SqlStatement statement : change.generateStatements(db)) {
                    for (Sql s : sql(statement, db, changeSet)) {
                        // one statement per changeset block: its text is sent as Liquibase generated it
                        sql.append("--changeset ").append(changeSet.getAuthor().replace(' ', '_')).append(':')
                                .append(changeSet.getId().replace(' ', '_')).append('-').append(++n)
                                .append(" splitStatements:false\n").append(s.toSql()).append("\n");
                    }
                }
            }
        }
        List<Rendered> out = new ArrayList<>();
        String prefix = root;
        byFile.forEach((file, sql) -> out.add(new Rendered(file.startsWith("/") ? file : prefix + file, sql.toString())));
        return out;
    }

    /**
     * The SQL of one statement. On SQLite, Liquibase makes most table changes by rebuilding the table from a snapshot
     * of it, which rendering offline has not: a plain added column is added as SQLite adds it; any other rebuild is
     * rendered as a statement a heal never runs, naming the changeSet, so that the heal says what it left out.
     */
    private static Sql[] sql(SqlStatement statement, Database db, ChangeSet changeSet) {
        if (db instanceof SQLiteDatabase && statement instanceof AddColumnStatement add) {
            List<AddColumnStatement> each = add.isMultiple() ? add.getColumns() : List.of(add);
            return each.stream().flatMap(c -> java.util.Arrays.stream(new AddColumnGenerator().generateSql(c, db, null)))
                    .toArray(Sql[]::new);
        }
        Sql[] sql = SqlGeneratorFactory.getInstance().generateSql(statement, db);
        if (db instanceof SQLiteDatabase && sql.length > 0 && sql[0].toSql().matches("(?is)ALTER TABLE \\S+ RENAME TO \\S+_temporary")) {
            return new Sql[] {new UnparsedSql(neverRun(changeSet, "rebuilds its table on SQLite, which SchemaHeal cannot "
                    + "render without the live table"))};
        }
        return sql;
    }

    /**
     * True when a change's statements come from running something rather than from its attributes: Liquibase's own
     * changes that run a command, stop or print, and every change from outside Liquibase's core (a
     * {@code customChange}'s class, an extension's).
     */
    private static boolean runsCode(Change change) {
        return !change.getClass().getPackageName().equals("liquibase.change.core") || change instanceof ExecuteShellCommandChange
                || change instanceof StopChange || change instanceof OutputChange;
    }

    /**
     * True when the changeSet's preconditions, which ask only which database this is ({@code dbms}, within
     * {@code and}/{@code or}/{@code not}), fail here and say to go on without it ({@code onFail} {@code MARK_RAN} or
     * {@code CONTINUE}; {@code HALT} would have stopped every update of this database there): Keycloak keeps copies of
     * changeSets for DB2 behind {@code <dbms type="db2"/>}. Preconditions that need the database itself are not
     * evaluated (the changeSet is read as if they passed).
     */
    private static boolean skippedByDbms(ChangeSet changeSet, Database db) {
        PreconditionContainer preconditions = changeSet.getPreconditions();
        return preconditions != null && !preconditions.getNestedPreconditions().isEmpty()
                && onlyDbms(preconditions, db) == Boolean.FALSE && preconditions.getOnFail() != PreconditionContainer.FailOption.WARN;
    }

    /** A precondition's outcome on {@code db} where it asks only which database this is; null where it asks more. */
    private static Boolean onlyDbms(Precondition p, Database db) {
        if (p instanceof DBMSPrecondition dbms) {
            return DatabaseList.definitionMatches(dbms.getType(), db, false);
        }
        if (!(p instanceof PreconditionLogic logic)) {
            return null;
        }
        List<Boolean> nested = new ArrayList<>();
        for (Precondition n : logic.getNestedPreconditions()) {
            nested.add(onlyDbms(n, db));
        }
        if (nested.contains(null)) {
            return null;
        }
        if (p instanceof NotPrecondition) {
            return !nested.contains(Boolean.TRUE); // passes when none of its nested ones passes
        }
        if (p instanceof OrPrecondition) {
            return nested.contains(Boolean.TRUE);
        }
        return p instanceof AndPrecondition ? !nested.contains(Boolean.FALSE) : null;
    }

    private static String id(ChangeSet changeSet) {
        return changeSet.getFilePath() + "::" + changeSet.getId() + "::" + changeSet.getAuthor();
    }

    /** A statement that names what was left out of {@code changeSet} and why; it is about no table, so no heal runs it. */
    private static String neverRun(ChangeSet changeSet, String why) {
        return "SELECT '" + ("changeSet " + id(changeSet) + " " + why).replace("'", "''") + "'";
    }

    /** A database of the kind, with no connection: generators only ask its kind and version defaults. */
    private static Database database(String dialect) throws Exception {
        Database db = switch (dialect) {
            case "postgresql" -> new PostgresDatabase();
            case "mariadb" -> new MariaDBDatabase();
            case "sqlite" -> new SQLiteDatabase();
            default -> throw new IllegalArgumentException("no Liquibase database for " + dialect);
        };
        String shortName = db.getShortName();
        db.setConnection(new OfflineConnection("offline:" + shortName, new ClassLoaderResourceAccessor()));
        return db;
    }
}
