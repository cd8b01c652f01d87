package io.schemaheal;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The architecture, kept by the build: what each database says and asks is the dialects' business alone;
 * the healing engine knows nothing of the JDBC wrappers, the command line or the doctor; the wrappers reach
 * the engine only through the healer. (The demo is a module of its own, {@code schemaheal-demo}, which depends on
 * this one: Maven keeps the library from depending on it.)
 */
@AnalyzeClasses(packages = "io.schemaheal", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The engine asks a {@code Dialect}; which database it is, and how that database is asked, stays in {@code dialect/}. */
    @ArchTest
    static final ArchRule eachDatabaseIsADialectsBusiness = noClasses()
            .that().resideOutsideOfPackage("io.schemaheal.dialect..")
            .should().dependOnClassesThat().resideInAnyPackage("io.schemaheal.dialect.postgres..",
                    "io.schemaheal.dialect.mariadb..", "io.schemaheal.dialect.sqlite..")
            .because("a database's specifics live in its own package below dialect/, reached through Dialect");

    /** One database's package never reaches into another's: what they share is in {@code dialect/} itself. */
    @ArchTest
    static final ArchRule databasesDoNotReachIntoEachOther = com.tngtech.archunit.library.dependencies.SlicesRuleDefinition
            .slices().matching("io.schemaheal.dialect.(*)..").should().notDependOnEachOther();

    /** SQLStates and vendor error codes are read in {@code dialect/} only. */
    @ArchTest
    static final ArchRule errorCodesAreReadByDialectsOnly = noClasses()
            .that().resideOutsideOfPackage("io.schemaheal.dialect..")
            .should().callMethod(java.sql.SQLException.class, "getSQLState")
            .orShould().callMethod(java.sql.SQLException.class, "getErrorCode")
            .because("what an error means differs per database: a dialect says it");

    /** The engine does not depend on the JDBC wrappers, the command line or the doctor's reports. */
    @ArchTest
    static final ArchRule theEngineStandsAlone = noClasses()
            .that().resideInAnyPackage("io.schemaheal.heal..", "io.schemaheal.dialect..", "io.schemaheal.sql..",
                    "io.schemaheal.manifest..", "io.schemaheal.config..", "io.schemaheal.log..")
            .should().dependOnClassesThat().resideInAnyPackage("io.schemaheal.jdbc..", "io.schemaheal.cli..",
                    "io.schemaheal.doctor..");

    /** The library never depends on the command line. */
    @ArchTest
    static final ArchRule nothingDependsOnTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("io.schemaheal.cli..")
            .should().dependOnClassesThat().resideInAPackage("io.schemaheal.cli..");

    /** The JDBC wrappers hold no heal logic: they reach the engine through the Healer, not its parts. */
    @ArchTest
    static final ArchRule wrappersOnlyDelegate = noClasses()
            .that().resideInAPackage("io.schemaheal.jdbc..").and().haveSimpleNameNotStartingWith("HealingSetup")
            .and().haveSimpleNameNotStartingWith("HealingDriver").and().haveSimpleNameNotStartingWith("HealingDataSource")
            .should().dependOnClassesThat().resideInAnyPackage("io.schemaheal.dialect..", "io.schemaheal.manifest..",
                    "io.schemaheal.sql..", "io.schemaheal.config..", "io.schemaheal.doctor..");

    /**
     * SQL is read in {@code sql/} only (issue: "Read SQL exactly as each database does"): nobody else calls the lexer,
     * takes a statement's tokens or works on tokens; they ask {@code sql/} what a statement says.
     */
    @ArchTest
    static final ArchRule sqlIsReadInSqlOnly = noClasses()
            .that().resideOutsideOfPackage("io.schemaheal.sql..")
            .should().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.nameMatching("split|tokenize|tokens"))
                    .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                            HasName.Predicates.nameMatching("io\\.schemaheal\\.sql\\.(SqlLexer|SqlStatement|ScriptStatement)")))))
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.schemaheal.sql.Token")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.schemaheal.sql.Tokens")
            .because("one reader per database, in one place: a second reading elsewhere is how a script was read two ways");

    /**
     * Nor character by character: the engine, the JDBC wrappers and the doctor never walk a text's characters (a
     * statement's first word, its placeholders, its quotes are {@code sql/}'s to read: {@code JdbcSql}, the lexer).
     */
    @ArchTest
    static final ArchRule noCharacterWalkingOutsideSql = noClasses()
            .that().resideInAnyPackage("io.schemaheal.heal..", "io.schemaheal.jdbc..", "io.schemaheal.doctor..")
            .should().callMethod(String.class, "charAt", int.class)
            .because("a hand-made scanner of SQL is a second reading of it: sql/ reads SQL");

    /**
     * Nor with regular expressions: outside {@code sql/}, a pattern reads what is not SQL, and each class that has one
     * says what: the drivers' error messages ({@code dialect/}), URLs and configuration keys ({@code config/}), the
     * migration tools' file names, directives and placeholders, which the tools themselves match as text before any
     * SQL is read ({@code manifest/}: Flyway's {@code ${x}}, dbmate's and goose's {@code -- migrate:up}, Liquibase's
     * {@code --changeset}), and passwords in URLs ({@code log/Redact}). A new one is a question: is this reading SQL?
     */
    @ArchTest
    static final ArchRule regexReadsNoSqlOutsideSql = noClasses()
            .that().resideOutsideOfPackages("io.schemaheal.sql..", "io.schemaheal.dialect..", "io.schemaheal.config..")
            .and().haveNameNotMatching("io\\.schemaheal\\.(manifest\\.(MigrationFileName|FlywayPlaceholders|LiquibaseSql"
                    + "|LiquibaseChangelog|MigrationScriptReader)|log\\.Redact)(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage("java.util.regex..")
            .because("SQL is read in sql/ only, by its lexer: a pattern over a statement's text reads it a second way");

    /** What a static initializer makes that can change: a container, a counter, a lock. */
    private static final java.util.Set<String> MUTABLE = java.util.Set.of("java.util.HashMap", "java.util.HashSet",
            "java.util.LinkedHashMap", "java.util.LinkedHashSet", "java.util.ArrayList", "java.util.WeakHashMap",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.atomic.AtomicLong", "java.util.concurrent.atomic.AtomicInteger",
            "java.util.concurrent.atomic.AtomicBoolean", "java.util.concurrent.atomic.AtomicReference",
            "java.util.concurrent.locks.ReentrantLock");

    /**
     * State for the life of the process is kept in {@code registry/Registry} only (issue: "one object per database"):
     * per database, or the process's; no other class makes a container, counter or lock in its static initializer,
     * nor has a static field that is not final.
     */
    @ArchTest
    static final ArchRule stateLivesInTheRegistry = noClasses()
            .that().resideOutsideOfPackage("io.schemaheal.registry..")
            .should().callCodeUnitWhere(new com.tngtech.archunit.base.DescribedPredicate<JavaCall<?>>(
                    "a static initializer that makes a container, counter or lock") {
                @Override
                public boolean test(JavaCall<?> call) {
                    return call.getOrigin().getName().equals("<clinit>")
                            && (MUTABLE.contains(call.getTargetOwner().getName())
                            || call.getTargetOwner().getName().equals("java.util.concurrent.ConcurrentHashMap")
                            && call.getName().equals("newKeySet"));
                }
            })
            .because("a static map keyed by database strings is how state outlived its database: the registry holds it");

    @ArchTest
    static final ArchRule noStaticFieldChanges = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields()
            .that().areStatic().and().areDeclaredInClassesThat().resideOutsideOfPackage("io.schemaheal.registry..")
            .should().beFinal()
            .because("state for the life of the process is the registry's");

    private static final Pattern CATALOG = Pattern.compile(
            "information_schema|pg_catalog|pg_class|pg_constraint|pg_attribute|pg_proc|pg_indexes|sqlite_master|pragma_");

    /** Catalog SQL is written in {@code dialect/} only. */
    @Test
    void catalogSqlIsWrittenByDialectsOnly() throws IOException {
        Path main = Path.of("src/main/java/io/schemaheal");
        List<String> outside;
        try (Stream<Path> files = Files.walk(main)) {
            outside = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(main.resolve("dialect")))
                    .filter(f -> {
                        try {
                            return CATALOG.matcher(Files.readString(f)).find();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString).toList();
        }
        assertEquals(List.of(), outside);
    }

    /**
     * No class of the heal itself grows past about 350 lines: a class that long does several jobs (the lock, the plan,
     * the retry, the report each have theirs), and the next change to one of them risks the others.
     */
    @Test
    void noHealClassDoesSeveralJobs() throws IOException {
        Path heal = Path.of("src/main/java/io/schemaheal/heal");
        List<String> long_;
        try (Stream<Path> files = Files.list(heal)) {
            long_ = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readAllLines(f).size() > 350;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertEquals(List.of(), long_);
    }
}
