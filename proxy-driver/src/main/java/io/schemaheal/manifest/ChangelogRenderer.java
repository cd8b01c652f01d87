package io.schemaheal.manifest;

import java.util.List;

/**
 * Renders a Liquibase changelog that holds changeSets of its own ({@code createTable}, {@code addColumn}, ...) to the
 * SQL those changeSets run on a database. {@code schemaheal-jdbc} has none: the optional module
 * {@code schemaheal-liquibase} provides one through {@link java.util.ServiceLoader}, found when it is on the class path.
 * One instance serves one reading of a master changelog: it is given the changelogs in the order they run.
 */
public interface ChangelogRenderer {

    /**
     * The SQL a changelog's changeSets run (those of the changelogs it includes too), in order, grouped by the file
     * each changeSet is written in: formatted SQL text, one {@code --changeset} per statement.
     *
     * @param changelog a changelog file: {@code classpath:db/changelog/x.xml} or an absolute path
     * @param database  the dialect name of the database ({@code postgresql}, {@code mariadb}, {@code sqlite})
     * @param loader    where {@code classpath:} changelogs and their includes are found
     * @param made      what the files before this one made (changelogs and SQL files alike): what a precondition finds;
     *                  what this changelog's changeSets that run make is added to it
     */
    List<Rendered> render(String changelog, String database, ClassLoader loader, MadeSoFar made) throws Exception;

    /** The SQL of the changeSets of one changelog file, as Liquibase formatted SQL. */
    record Rendered(String file, String formattedSql) {
    }
}
