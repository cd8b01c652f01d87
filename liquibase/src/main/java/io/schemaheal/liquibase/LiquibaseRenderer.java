package io.schemaheal.liquibase;

import io.schemaheal.log.HealLog;
import io.schemaheal.manifest.ChangelogRenderer;
import io.schemaheal.manifest.MadeSoFar;
import io.schemaheal.manifest.Migration;
import io.schemaheal.sql.UnreadableText;
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
import liquibase.precondition.core.ChangeSetExecutedPrecondition;
import liquibase.precondition.core.ColumnExistsPrecondition;
import liquibase.precondition.core.DBMSPrecondition;
import liquibase.precondition.core.IndexExistsPrecondition;
import liquibase.precondition.core.NotPrecondition;
import liquibase.precondition.core.OrPrecondition;
import liquibase.precondition.core.PreconditionContainer;
import liquibase.precondition.core.SequenceExistsPrecondition;
import liquibase.precondition.core.TableExistsPrecondition;
import liquibase.precondition.core.ViewExistsPrecondition;
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
 * databases ({@code dbms}, the attribute, or a precondition) is left out, as is one whose precondition fails on the
 * database the changelog migrated so far ({@code tableExists}, {@code columnExists}, ...); one whose precondition cannot be
 * told ({@code sqlCheck}) is rendered marked so, and what it names is not healed. Contexts and rollbacks are not a
 * heal's concern.
 * Rendering never runs code: a changeSet with a change whose statements come from running something
 * ({@code customChange}, {@code executeCommand}, {@code stop}, {@code output}, any extension's change) is rendered
 * marked {@code --runs-code}, with its other changes' SQL and the values the code is given: it is not read, and every
 * table it names is not healed, the reason naming it; the rest of the changelog is rendered.
 */
public final class LiquibaseRenderer implements ChangelogRenderer {

    @Override
    public List<Rendered> render(String changelog, String database, ClassLoader loader, MadeSoFar made) throws Exception {
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
            if (!DatabaseList.definitionMatches(changeSet.getDbmsSet(), db, true)) {
                continue;
            }
            Runs runs = runs(changeSet, db, made);
            made.changeSet(changeSet.getFilePath(), changeSet.getId(), changeSet.getAuthor(),
                    runs == Runs.UNKNOWN ? null : runs == Runs.YES);
            if (runs == Runs.NO) {
                continue;
            }
            StringBuilder sql = byFile.computeIfAbsent(changeSet.getFilePath(), f -> new StringBuilder("--liquibase formatted sql\n"));
            Change code = changeSet.getChanges().stream().filter(LiquibaseRenderer::runsCode).findFirst().orElse(null);
            if (code != null) {
                Code what = code(changeSet, code, made);
                HealLog.get().warn("SchemaHeal does not heal what changeSet {} names: its {} would run code, which a heal "
                        + "never does", id(changeSet), what.what());
                unread(sql, changeSet, "runs-code", "--runs-code " + what.what(), what.naming(), db, runs == Runs.YES ? made : null);
                continue;
            }
            if (runs == Runs.UNKNOWN) {
                unread(sql, changeSet, "unknown", "--precondition-unknown " + describe(changeSet.getPreconditions()), "", db, null);
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
                        // its own id, and the changeSet's as DATABASECHANGELOG records it (by author and id)
                        String name = Migration.changeSetName(changeSet.getAuthor(), changeSet.getId());
                        sql.append("--changeset ").append(name).append('-').append(++n)
                                .append(" splitStatements:false ").append(RAN_AS).append(name).append("\n")
                                .append(s.toSql()).append("\n");
                        made.ran(s.toSql());
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
     * The attribute of a rendered changeset that names the changeSet it was rendered from ({@code author:id}, spaces as
     * {@code _}), as Liquibase's DATABASECHANGELOG records that changeSet: each statement is a changeset of its own here.
     */
    private static final String RAN_AS = "changeSet:";

    /**
     * A changeSet whose effect cannot be known ({@code marker}: it runs code, or a precondition cannot be told), as one
     * formatted changeset the reader does not read ({@code --runs-code}, {@code --precondition-unknown}): its changes'
     * SQL (but the code's) and {@code naming} say which tables it touches, which are then not healed, the reason naming
     * it. {@code made}: where it ran (where Liquibase migrated), what comes after sees what its SQL made; else null.
     */
    private static void unread(StringBuilder sql, ChangeSet changeSet, String suffix, String marker, String naming,
                               Database db, MadeSoFar made) throws Exception {
        sql.append("--changeset ").append(Migration.changeSetName(changeSet.getAuthor(), changeSet.getId())).append('-')
                .append(suffix).append(" splitStatements:false\n")
                .append(marker.replace('\n', ' ')).append('\n')
                .append("-- it names: ").append(naming.replace('\n', ' ')).append('\n');
        for (Change change : changeSet.getChanges()) {
            if (runsCode(change) || !change.supports(db)) {
                continue;
            }
            for (SqlStatement statement : change.generateStatements(db)) {
                for (Sql s : sql(statement, db, changeSet)) {
                    sql.append(s.toSql()).append(";\n");
                    if (made != null) {
                        made.ran(s.toSql());
                    }
                }
            }
        }
    }

    /**
     * What a changeSet's code is ({@code customChange} and its class, or the change's name) and what it names (the
     * values a custom change is given; an extension's change's parameters).
     */
    private record Code(String what, String naming) {
    }

    private static Code code(ChangeSet changeSet, Change code, MadeSoFar made) {
        String what = code.getSerializedObjectName();
        StringBuilder naming = new StringBuilder();
        boolean changes = false; // code that may change something (not Liquibase's own output or stop)
        for (Change change : changeSet.getChanges()) {
            if (change instanceof OutputChange o && String.valueOf(o.getMessage()).startsWith(InertResources.CUSTOM_CHANGE)) {
                String message = o.getMessage().substring(InertResources.CUSTOM_CHANGE.length()).strip();
                int at = message.indexOf(InertResources.NAMING.strip());
                if (change == code) {
                    what = "customChange " + (at < 0 ? message : message.substring(0, at).strip());
                }
                naming.append(' ').append(at < 0 ? "" : message.substring(at + InertResources.NAMING.strip().length()).strip());
                changes = true;
            } else if (runsCode(change) && !(change instanceof OutputChange) && !(change instanceof StopChange)) {
                naming.append(' ').append(named(change)); // an extension's change (Keycloak's createIndex): the table it is given
                changes = true;
            }
        }
        java.util.SortedSet<String> before = made.relations();
        // read as the manifest reads what an unread changeSet names (the same words it then refuses)
        if (changes && before.stream().noneMatch(UnreadableText.names(naming.toString())::contains)) {
            // given nothing that names a table or view made so far, its code may have changed any of them: which, and
            // how, is in no changelog's text
            naming.append(' ').append(String.join(" ", before));
        }
        return new Code(what, naming.toString().strip());
    }

    /**
     * The values a change that runs code is given, as its change's parameters read them (a table's and an index's
     * name, as a rule): what it may touch, which a heal then refuses. Liquibase made the change when it parsed the
     * changelog; these are its parameters' values as Liquibase reads them for its own description.
     */
    private static String named(Change change) {
        List<String> values = new ArrayList<>();
        try {
            for (Object value : liquibase.change.ChangeFactory.getInstance().getParameters(change).values()) {
                if (value instanceof String text && !text.isBlank()) {
                    values.add(text);
                }
            }
        } catch (RuntimeException e) {
            values.add(String.valueOf(change.getDescription())); // as Liquibase describes it in its history
        }
        return String.join(" ", values);
    }

    /** Whether Liquibase runs a changeSet on a database migrated by the changelog from its start, as far as it can be told. */
    private enum Runs { YES, NO, UNKNOWN }

    /**
     * Whether the changeSet runs, by its preconditions evaluated as Liquibase evaluates them on a database this changelog
     * migrated from its start: which database this is ({@code dbms}: Keycloak keeps copies of changeSets for DB2 behind
     * {@code <dbms type="db2"/>}), and whether a table, view, column, index (by name) or sequence exists
     * ({@code tableExists}, {@code viewExists}, {@code columnExists}, {@code indexExists}, {@code sequenceExists}: what
     * the changeSets before it made, as their SQL says), within {@code and}/{@code or}/{@code not}. One that fails and
     * says to go on without the changeSet ({@code onFail} {@code MARK_RAN} or {@code CONTINUE}) leaves it out; with
     * {@code WARN} it runs all the same. One whose outcome cannot be told ({@code sqlCheck}, a column, an index, ...; or a
     * failing one with {@code HALT}, which would have stopped every update there) makes it {@link Runs#UNKNOWN}: what it
     * names is not healed.
     */
    private static Runs runs(ChangeSet changeSet, Database db, MadeSoFar made) {
        PreconditionContainer preconditions = changeSet.getPreconditions();
        if (preconditions == null || preconditions.getNestedPreconditions().isEmpty()
                || preconditions.getOnFail() == PreconditionContainer.FailOption.WARN) {
            return Runs.YES;
        }
        Boolean holds = holds(preconditions, db, made);
        if (holds == Boolean.TRUE) {
            return Runs.YES;
        }
        boolean goesOn = preconditions.getOnFail() == PreconditionContainer.FailOption.MARK_RAN
                || preconditions.getOnFail() == PreconditionContainer.FailOption.CONTINUE;
        return holds == Boolean.FALSE && goesOn ? Runs.NO : Runs.UNKNOWN;
    }

    /** A precondition's outcome on {@code db} migrated so far ({@code made}); null where it cannot be told. */
    private static Boolean holds(Precondition p, Database db, MadeSoFar made) {
        if (p instanceof DBMSPrecondition dbms) {
            return DatabaseList.definitionMatches(dbms.getType(), db, false);
        }
        if (p instanceof TableExistsPrecondition table) {
            return table.getSchemaName() != null ? null : made.hasTable(table.getTableName());
        }
        if (p instanceof ViewExistsPrecondition view) {
            return view.getSchemaName() != null ? null : made.hasView(view.getViewName());
        }
        if (p instanceof ColumnExistsPrecondition column) {
            return column.getSchemaName() != null ? null : made.hasColumn(column.getTableName(), column.getColumnName());
        }
        if (p instanceof IndexExistsPrecondition index) {
            return index.getSchemaName() != null || index.getIndexName() == null ? null
                    : made.hasIndex(index.getIndexName());
        }
        if (p instanceof ChangeSetExecutedPrecondition executed) {
            return made.changeSetRan(executed.getChangeLogFile(), executed.getId(), executed.getAuthor());
        }
        if (p instanceof SequenceExistsPrecondition sequence) {
            return sequence.getSchemaName() != null ? null : made.hasSequence(sequence.getSequenceName());
        }
        if (!(p instanceof PreconditionLogic logic)) {
            return null;
        }
        List<Boolean> nested = new ArrayList<>();
        for (Precondition n : logic.getNestedPreconditions()) {
            nested.add(holds(n, db, made));
        }
        if (p instanceof NotPrecondition) {
            // passes when none of its nested ones passes
            return nested.contains(Boolean.TRUE) ? Boolean.FALSE : nested.contains(null) ? null : Boolean.TRUE;
        }
        if (p instanceof OrPrecondition) {
            return nested.contains(Boolean.TRUE) ? Boolean.TRUE : nested.contains(null) ? null : Boolean.FALSE;
        }
        if (p instanceof AndPrecondition) { // a changeSet's preConditions element too
            return nested.contains(Boolean.FALSE) ? Boolean.FALSE : nested.contains(null) ? null : Boolean.TRUE;
        }
        return null;
    }

    /** The preconditions as the log and the heal's reason name them: their element names, nested as written. */
    private static String describe(Precondition p) {
        String name = p.getName();
        if (p instanceof PreconditionLogic logic && !logic.getNestedPreconditions().isEmpty()) {
            List<String> nested = new ArrayList<>();
            for (Precondition n : logic.getNestedPreconditions()) {
                nested.add(describe(n));
            }
            return (p instanceof PreconditionContainer ? "" : name + " ") + String.join(", ", nested);
        }
        return name;
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
