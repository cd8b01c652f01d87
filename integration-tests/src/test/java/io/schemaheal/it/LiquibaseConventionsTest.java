package io.schemaheal.it;

import io.schemaheal.heal.HealFailedException;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Liquibase project as Liquibase itself migrates it (the real Liquibase 4): a YAML master changelog that includes a
 * formatted SQL file and, with {@code includeAll}, a folder of them; changesets for one database only ({@code dbms:}),
 * a trigger written with {@code endDelimiter:} and one with {@code splitStatements:false}, {@code --rollback} lines.
 * A database Liquibase migrated through the first file gets the later tables back from SchemaHeal, reading
 * {@code schemaheal.migrations} = the master changelog, exactly as Liquibase made them in a database migrated in full.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LiquibaseConventionsTest extends MigrationSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aMasterChangelogOfFormattedSqlFiles(String kind) throws Exception {
        Path root = dir.resolve("project");
        write(root.resolve("db/changelog/db.changelog-master.yaml"), """
                databaseChangeLog:
                  - include:
                      file: changes/001-users.sql
                      relativeToChangelogFile: true
                  - includeAll:
                      path: later/
                      relativeToChangelogFile: true
                """);
        write(root.resolve("db/changelog/changes/001-users.sql"), """
                --liquibase formatted sql

                --changeset ada:users-1
                --comment: the people
                CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL);
                --rollback DROP TABLE users;
                """);
        write(root.resolve("db/changelog/later/002-posts.sql"), """
                --liquibase formatted sql

                --changeset ada:posts-1
                CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL, title VARCHAR(100) NOT NULL,
                    edits INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX posts_user ON posts (user_id);
                --rollback DROP TABLE posts;

                --changeset ada:posts-2 dbms:postgresql
                CREATE INDEX posts_title_pg ON posts (lower(title));

                --changeset ada:posts-2m dbms:mysql,mariadb
                CREATE INDEX posts_title_my ON posts (title(20));

                --changeset ada:posts-2s dbms:sqlite
                CREATE INDEX posts_title_lite ON posts (title COLLATE NOCASE);

                --changeset ada:posts-3 dbms:postgresql splitStatements:false
                CREATE FUNCTION posts_count_edit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.edits := OLD.edits + 1;
                    RETURN NEW;
                END;
                $$;

                --changeset ada:posts-4 dbms:postgresql
                CREATE TRIGGER posts_edits BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION posts_count_edit();

                --changeset ada:posts-4m dbms:mariadb endDelimiter://
                CREATE TRIGGER posts_edits BEFORE UPDATE ON posts FOR EACH ROW
                BEGIN
                    SET NEW.edits = OLD.edits + 1;
                END//

                --changeset ada:posts-4s dbms:sqlite
                CREATE TRIGGER posts_edits AFTER UPDATE OF title ON posts
                BEGIN
                    UPDATE posts SET edits = edits + 1 WHERE id = NEW.id;
                END;
                """);
        write(root.resolve("db/changelog/later/003-tags.sql"), """
                --liquibase formatted sql
                --changeset bob:tags-1
                CREATE TABLE tags (name VARCHAR(50) NOT NULL);
                --rollback DROP TABLE tags;
                """);
        Files.createDirectories(dir.resolve("full"));
        Files.createDirectories(dir.resolve("healed"));
        try (TestDatabase full = TestDatabase.open(kind, dir.resolve("full"));
             TestDatabase healed = TestDatabase.open(kind, dir.resolve("healed"))) {
            migrate(full, root, null);
            migrate(healed, root, 1); // the first changeset: users
            String master = "filesystem:" + root.resolve("db/changelog/db.changelog-master.yaml");
            for (String table : List.of("posts", "tags")) {
                try (Connection c = healed.heal(master); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    assertTrue(rs.next());
                }
            }
            assertEquals(SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(full)), SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(healed)),
                    "healed exactly as Liquibase made it");
            try (Connection c = healed.raw(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO users (id, name) VALUES (1, 'Ada')");
                st.executeUpdate("INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'a')");
                st.executeUpdate("UPDATE posts SET title = 'b' WHERE id = 1");
                assertEquals(List.of("1"), Queries.strings(c, "SELECT " + (kind.equals("mariadb") ? "CAST(edits AS CHAR)"
                        : "CAST(edits AS VARCHAR(10))") + " FROM posts"), "this database's trigger came back and runs");
                List<String> detail = Queries.strings(c, "SELECT detail FROM schemaheal_history ORDER BY id");
                assertEquals(2, detail.size(), detail.toString());
                assertTrue(detail.get(0).contains("002-posts.sql") && detail.get(1).contains("003-tags.sql"), detail.toString());
            }
        }
    }

    /**
     * A master changelog in XML whose changeSets are Liquibase's own changes ({@code createTable}, {@code createIndex},
     * {@code addColumn}, {@code addForeignKeyConstraint}, a {@code sql} change for one database): with the optional
     * module {@code schemaheal-liquibase} on the class path, SchemaHeal renders them to SQL offline, as Liquibase
     * generates it, and a database Liquibase migrated through the first changeSet gets the later tables back exactly
     * as Liquibase made them in a database migrated in full. Nothing is written to the working directory.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void anXmlChangelogOfLiquibasesOwnChangesWithTheOptionalModule(String kind) throws Exception {
        Path root = dir.resolve("xml-project");
        write(root.resolve("db/changelog/db.changelog-master.xml"), xml("""
                    <changeSet id="1" author="ada">
                        <createTable tableName="users">
                            <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
                            <column name="name" type="varchar(100)"><constraints nullable="false"/></column>
                        </createTable>
                    </changeSet>
                    <include file="changes/posts.xml" relativeToChangelogFile="true"/>
                """));
        write(root.resolve("db/changelog/changes/posts.xml"), xml("""
                    <changeSet id="2" author="ada">
                        <createTable tableName="posts">
                            <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
                            <column name="user_id" type="int"><constraints nullable="false"/></column>
                            <column name="title" type="varchar(200)" defaultValue="untitled"/>
                        </createTable>
                        <createIndex tableName="posts" indexName="posts_user">
                            <column name="user_id"/>
                        </createIndex>
                    </changeSet>
                    <changeSet id="3" author="ada">
                        <addColumn tableName="posts">
                            <column name="published" type="boolean" defaultValueBoolean="false"/>
                        </addColumn>
                    </changeSet>
                    <changeSet id="4" author="ada" dbms="postgresql,mariadb">
                        <addForeignKeyConstraint baseTableName="posts" baseColumnNames="user_id" constraintName="posts_user_fk"
                                referencedTableName="users" referencedColumnNames="id"/>
                    </changeSet>
                    <changeSet id="5" author="ada" dbms="postgresql">
                        <sql>CREATE INDEX posts_title_lower ON posts (lower(title))</sql>
                    </changeSet>
                """));
        Files.createDirectories(dir.resolve("full"));
        Files.createDirectories(dir.resolve("healed"));
        java.util.Set<String> workingDirectory = list(Path.of("").toAbsolutePath());
        try (TestDatabase full = TestDatabase.open(kind, dir.resolve("full"));
             TestDatabase healed = TestDatabase.open(kind, dir.resolve("healed"))) {
            migrate(full, root, "db/changelog/db.changelog-master.xml", null);
            migrate(healed, root, "db/changelog/db.changelog-master.xml", 1);
            String master = "filesystem:" + root.resolve("db/changelog/db.changelog-master.xml");
            try (Connection c = healed.heal(master); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO users (id, name) VALUES (1, 'Ada')");
                st.executeUpdate("INSERT INTO posts (id, user_id) VALUES (1, 1)");
            }
            try (Connection c = healed.raw(); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM posts");
                st.executeUpdate("DELETE FROM users");
            }
            if (kind.equals("sqlite")) {
                // Liquibase adds a column to a SQLite table by rebuilding it (its CREATE text changes), a heal with ALTER TABLE;
                // that rebuild also loses the added column's default, which the heal keeps as the changelog writes it
                List<String> healedShape = sqliteColumnsAndIndexes(healed);
                assertTrue(healedShape.contains("posts published BOOLEAN 0 0 0"), healedShape.toString());
                assertEquals(sqliteColumnsAndIndexes(full), healedShape.stream()
                        .map(l -> l.equals("posts published BOOLEAN 0 0 0") ? "posts published BOOLEAN 0  0" : l).toList(),
                        "the same columns and indexes");
            } else {
                assertEquals(SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(full)),
                        SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(healed)), "healed exactly as Liquibase made it");
            }
            try (Connection c = healed.raw()) {
                String detail = Queries.strings(c, "SELECT detail FROM schemaheal_history").get(0);
                assertTrue(detail.contains("posts.xml"), detail);
            }
        }
        assertEquals(workingDirectory, list(Path.of("").toAbsolutePath()), "nothing written to the working directory");
    }

    /**
     * Keycloak's shape: a changeSet kept twice, once for DB2 behind {@code <dbms type="db2"/>} with
     * {@code onFail="MARK_RAN"}, once for every other database behind {@code <not><dbms type="db2"/></not>}; and one
     * for Oracle only ({@code CONTINUE}). Read as Liquibase evaluates them on this database, the set is one table with one
     * history (it was refused whole: "both create table roles"), and the table heals exactly as Liquibase made it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void dbmsPreconditionsAreEvaluatedAsLiquibaseEvaluatesThem(String kind) throws Exception {
        Path root = dir.resolve("dbms-project");
        write(root.resolve("db/changelog/master.xml"), xml("""
                    <changeSet id="1" author="kc">
                        <createTable tableName="users">
                            <column name="id" type="varchar(36)"><constraints primaryKey="true" nullable="false"/></column>
                        </createTable>
                    </changeSet>
                    <changeSet id="2-db2" author="kc">
                        <preConditions onFail="MARK_RAN"><dbms type="db2"/></preConditions>
                        <createTable tableName="roles">
                            <column name="id" type="varchar(36)"><constraints primaryKey="true" nullable="false"/></column>
                            <column name="description" type="varchar(2000)"/>
                        </createTable>
                    </changeSet>
                    <changeSet id="2" author="kc">
                        <preConditions onFail="MARK_RAN"><not><dbms type="db2"/></not></preConditions>
                        <createTable tableName="roles">
                            <column name="id" type="varchar(36)"><constraints primaryKey="true" nullable="false"/></column>
                            <column name="description" type="varchar(255)"/>
                            <column name="client_role" type="boolean" defaultValueBoolean="false"/>
                        </createTable>
                    </changeSet>
                    <changeSet id="3-oracle" author="kc">
                        <preConditions onFail="CONTINUE"><or><dbms type="oracle"/><dbms type="mssql"/></or></preConditions>
                        <addColumn tableName="roles"><column name="oracle_only" type="int"/></addColumn>
                    </changeSet>
                """));
        Files.createDirectories(dir.resolve("full"));
        Files.createDirectories(dir.resolve("healed"));
        try (TestDatabase full = TestDatabase.open(kind, dir.resolve("full"));
             TestDatabase healed = TestDatabase.open(kind, dir.resolve("healed"))) {
            migrate(full, root, "db/changelog/master.xml", null);
            migrate(healed, root, "db/changelog/master.xml", 1);
            try (Connection c = healed.heal("filesystem:" + root.resolve("db/changelog/master.xml")); Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("INSERT INTO roles (id, description) VALUES ('r1', 'admin')"), "roles healed");
                st.executeUpdate("DELETE FROM roles");
            }
            assertEquals(SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(full)),
                    SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(healed)), "healed exactly as Liquibase made it");
        }
    }

    /**
     * Preconditions that ask the database itself, evaluated as Liquibase evaluates them on a database the changelog
     * migrated from its start: {@code tableExists}, {@code columnExists}, {@code indexExists} against what the
     * changeSets before made (a {@code MARK_RAN} copy for a database that has no {@code users} yet never ran, so
     * {@code legacy_users} is never made; the column added where {@code users} exists is healed with it, the copy of a
     * column that is there already is not, the one that is not there is). A {@code sqlCheck}'s outcome no script can tell: the table it
     * guards is not healed, and the heal's reason names the changeSet and its precondition. The reference is migrated
     * by Liquibase itself.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void preconditionsOnTheDatabaseAreEvaluatedOnWhatTheChangelogMade(String kind) throws Exception {
        Path root = dir.resolve("preconditions-project");
        write(root.resolve("db/changelog/master.xml"), xml(USERS + LEGACY_USERS + """
                    <changeSet id="3" author="ada">
                        <preConditions onFail="MARK_RAN"><tableExists tableName="users"/></preConditions>
                        <addColumn tableName="users"><column name="email" type="varchar(100)"/></addColumn>
                    </changeSet>
                    <changeSet id="4" author="ada">
                        <preConditions onFail="MARK_RAN"><sqlCheck expectedResult="0">SELECT COUNT(*) FROM users</sqlCheck></preConditions>
                        <createTable tableName="audit">
                            <column name="id" type="int"/>
                        </createTable>
                    </changeSet>
                    <changeSet id="5" author="ada">
                        <createTable tableName="posts">
                            <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
                        </createTable>
                    </changeSet>
                    <changeSet id="6" author="ada">
                        <preConditions onFail="MARK_RAN"><not><columnExists tableName="users" columnName="email"/></not></preConditions>
                        <addColumn tableName="users"><column name="email_copy" type="varchar(100)"/></addColumn>
                    </changeSet>
                    <changeSet id="7" author="ada">
                        <preConditions onFail="MARK_RAN"><not><columnExists tableName="users" columnName="nickname"/></not></preConditions>
                        <addColumn tableName="users"><column name="nickname" type="varchar(40)"/></addColumn>
                    </changeSet>
                    <changeSet id="8" author="ada">
                        <preConditions onFail="MARK_RAN"><not><indexExists indexName="posts_by_id"/></not></preConditions>
                        <createIndex tableName="posts" indexName="posts_by_id"><column name="id"/></createIndex>
                    </changeSet>
                """));
        Files.createDirectories(dir.resolve("full"));
        Files.createDirectories(dir.resolve("healed"));
        try (TestDatabase full = TestDatabase.open(kind, dir.resolve("full"));
             TestDatabase healed = TestDatabase.open(kind, dir.resolve("healed"))) {
            migrate(full, root, "db/changelog/master.xml", null);
            migrate(healed, root, "db/changelog/master.xml", null);
            healed.dropTable("users");
            healed.dropTable("audit");
            healed.dropTable("posts");
            try (Connection c = healed.heal("filesystem:" + root.resolve("db/changelog/master.xml")); Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("INSERT INTO users (id, email) VALUES (1, 'a@example.org')"), "users healed with email");
                assertEquals(1, st.executeUpdate("INSERT INTO posts (id) VALUES (1)"));
                SQLException legacy = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM legacy_users").close());
                assertFalse(legacy instanceof HealFailedException, "the database's own error: " + legacy);
                SQLException audit = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM audit").close());
                assertEquals(1, audit.getSuppressed().length, "the original exception, with the reason: " + audit);
                String why = audit.getSuppressed()[0].getMessage();
                assertTrue(why.contains("changeset ada:4") && why.contains("sqlCheck"), why);
                st.executeUpdate("DELETE FROM users");
                st.executeUpdate("DELETE FROM posts");
            }
            Map<String, String> migrated = SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(full));
            migrated.remove("audit");
            assertEquals(migrated, SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(healed)),
                    "users and posts healed exactly as Liquibase made them, no legacy_users, audit not healed");
        }
    }

    /**
     * Rendering a changelog never runs code: a changeSet whose change would ({@code executeCommand}, a
     * {@code customChange}, one whose class is not even here) is left out and named, and so is every table such code
     * may have changed (given none by name: every table made before it); the rest still heals.
     */
    @org.junit.jupiter.api.Test
    void aChangeSetThatWouldRunCodeIsLeftOutAndTheRestHeals() throws Exception {
        Path root = dir.resolve("code-project");
        Path touched = dir.resolve("executed-at-connect");
        write(root.resolve("db/changelog/master.xml"), xml("""
                    <changeSet id="1" author="ada">
                        <createTable tableName="users">
                            <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
                        </createTable>
                    </changeSet>
                    <changeSet id="2" author="ada">
                        <executeCommand executable="touch"><arg value="%s"/></executeCommand>
                    </changeSet>
                    <changeSet id="3" author="ada">
                        <customChange class="io.schemaheal.it.RecordingCustomChange"/>
                    </changeSet>
                    <changeSet id="3b" author="ada">
                        <customChange class="com.example.NotOnTheClassPath"/>
                    </changeSet>
                    <changeSet id="5" author="ada">
                        <createTable tableName="flows">
                            <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
                        </createTable>
                        <customChange class="io.schemaheal.it.RecordingCustomChange"/>
                    </changeSet>
                    <changeSet id="6" author="ada">
                        <addColumn tableName="flows"><column name="top_level" type="boolean"/></addColumn>
                    </changeSet>
                    <changeSet id="4" author="ada">
                        <createTable tableName="posts">
                            <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
                            <column name="user_id" type="int"/>
                        </createTable>
                    </changeSet>
                """).formatted(touched)
                // as old changelogs declare it (Keycloak's): the schema has no <output>, which the customChange is read as
                .replace("dbchangelog-4.20.xsd", "dbchangelog-3.2.xsd"));
        RecordingCustomChange.RUNS.set(0);
        try (TestDatabase db = TestDatabase.open("sqlite", dir)) {
            try (Connection c = db.heal("filesystem:" + root.resolve("db/changelog/master.xml")); Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("INSERT INTO posts (id, user_id) VALUES (1, 1)"), "the rest of the changelog heals");
                // users was made before code given no table: what the command or the code did to it is not known
                SQLException before = assertThrows(SQLException.class, () -> st.executeUpdate("INSERT INTO users (id) VALUES (1)"));
                assertTrue(before.getSuppressed()[0].getMessage().contains("changeset ada:2-runs-code of "),
                        before.getSuppressed()[0].getMessage());
                // what the code did to flows cannot be known: refused, naming the changeSet, never made without it
                SQLException refused = assertThrows(SQLException.class, () -> st.executeQuery("SELECT id, top_level FROM flows").close());
                assertEquals(1, refused.getSuppressed().length, String.valueOf(refused));
                String why = refused.getSuppressed()[0].getMessage();
                assertTrue(why.contains("changeset ada:5-runs-code of ")
                        && why.contains("runs code (customChange io.schemaheal.it.RecordingCustomChange)"), why);
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of(), Queries.strings(c, "SELECT name FROM sqlite_master WHERE name = 'flows'"), "flows never made");
            }
        }
        assertFalse(Files.exists(touched), "executeCommand never ran");
        assertEquals(0, RecordingCustomChange.RUNS.get(), "the customChange never ran");
    }

    /**
     * A {@code customChange} given nothing that names a table may have changed any table made before it: its code is
     * never run, so what it did is not known. Here its code adds {@code users.extra} when Liquibase runs it; a lost
     * {@code users} healed from the changelog's text would come back without that column, recorded as healed. It is
     * refused, naming the changeSet; {@code posts}, made after it, heals.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aCustomChangeGivenNoTableMayHaveChangedEveryTableMadeBeforeIt(String kind) throws Exception {
        Path root = dir.resolve("altering-" + kind);
        write(root.resolve("db/changelog/master.xml"), xml("""
                    <changeSet id="1" author="ada">
                        <createTable tableName="users">
                            <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
                        </createTable>
                    </changeSet>
                    <changeSet id="2" author="ada">
                        <customChange class="io.schemaheal.it.AlteringCustomChange"/>
                    </changeSet>
                    <changeSet id="3" author="ada">
                        <createTable tableName="posts">
                            <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
                        </createTable>
                    </changeSet>
                """));
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            migrate(db, root, "db/changelog/master.xml", null);
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                st.executeQuery("SELECT id, extra FROM users").close(); // what the code made
                st.execute("DROP TABLE users");
                st.execute("DROP TABLE posts");
            }
            try (Connection c = db.heal("filesystem:" + root.resolve("db/changelog/master.xml")); Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("INSERT INTO posts (id) VALUES (1)"), "a table made after the code heals");
                SQLException refused = assertThrows(SQLException.class, () -> st.executeQuery("SELECT id FROM users").close());
                assertEquals(1, refused.getSuppressed().length, String.valueOf(refused));
                String why = refused.getSuppressed()[0].getMessage();
                assertTrue(why.contains("changeset ada:2-runs-code of ")
                        && why.contains("runs code (customChange io.schemaheal.it.AlteringCustomChange)"), why);
            }
            try (Connection c = db.raw()) {
                assertFalse(SchemaSnapshot.tables(c, kind).stream().anyMatch("users"::equalsIgnoreCase), "users never made without extra");
            }
        }
    }

    /**
     * A precondition sees what the changelogs included before its own made, as Liquibase sees the database: a
     * {@code MARK_RAN} changeSet that makes {@code legacy_users} only where no {@code users} exists never ran (the file
     * before made {@code users}), so a missing {@code legacy_users} is the database's own error, never healed into a
     * table Liquibase did not make; a {@code changeSetExecuted} one of the other file's changeSet did run, and its table
     * heals as Liquibase made it.
     */
    @org.junit.jupiter.api.Test
    void aPreconditionSeesWhatTheFilesIncludedBeforeMade() throws Exception {
        Path root = dir.resolve("files-project");
        write(root.resolve("db/changelog/master.xml"), xml("""
                    <include file="users.xml" relativeToChangelogFile="true"/>
                    <include file="later.xml" relativeToChangelogFile="true"/>
                """));
        write(root.resolve("db/changelog/users.xml"), xml(USERS));
        write(root.resolve("db/changelog/later.xml"), xml(LEGACY_USERS + """
                    <changeSet id="3" author="ada">
                        <preConditions onFail="MARK_RAN">
                            <changeSetExecuted id="1" author="ada" changeLogFile="db/changelog/users.xml"/>
                        </preConditions>
                """ + PROFILES + """
                    </changeSet>
                """));
        profilesHealAndOneTableIsNeverMade(root, "db/changelog/master.xml", "filesystem:" + root.resolve("db/changelog/master.xml"),
                "legacy_users");
    }


    /**
     * Formatted SQL's {@code --precondition-table-exists}, as Liquibase evaluates it on a database the changelog
     * migrated from its start: a {@code MARK_RAN} changeset that needs a table no changeset before made never ran, and a
     * missing table it would have made is the database's own error, never healed; one whose table is there ran, and
     * what it made heals as Liquibase made it.
     */
    @org.junit.jupiter.api.Test
    void formattedSqlTableExistsIsEvaluatedOnWhatTheChangesetsBeforeMade() throws Exception {
        Path root = dir.resolve("formatted-project");
        write(root.resolve("db/changelog/changes.sql"), """
                --liquibase formatted sql
                --changeset ada:1
                CREATE TABLE users (id INT PRIMARY KEY);
                --changeset ada:2
                --preconditions onFail:MARK_RAN
                --precondition-table-exists table:users
                CREATE TABLE profiles (id INT PRIMARY KEY);
                --changeset ada:3
                --preconditions onFail:MARK_RAN
                --precondition-table-exists table:accounts
                CREATE TABLE legacy_accounts (id INT PRIMARY KEY);
                """);
        profilesHealAndOneTableIsNeverMade(root, "db/changelog/changes.sql", "filesystem:" + root.resolve("db/changelog"),
                "legacy_accounts");
    }

    /**
     * A master that includes a formatted SQL file, then an XML changelog: the XML changeSet's {@code MARK_RAN}
     * "not tableExists users" sees the table the SQL file made, as Liquibase does, and {@code legacy_users} is never
     * made.
     */
    @org.junit.jupiter.api.Test
    void anXmlPreconditionSeesWhatAnSqlFileBeforeMade() throws Exception {
        Path root = dir.resolve("mixed-project");
        write(root.resolve("db/changelog/master.xml"), xml("""
                    <include file="users.sql" relativeToChangelogFile="true"/>
                    <include file="later.xml" relativeToChangelogFile="true"/>
                """));
        write(root.resolve("db/changelog/users.sql"), """
                --liquibase formatted sql
                --changeset ada:1
                CREATE TABLE users (id INT PRIMARY KEY);
                """);
        write(root.resolve("db/changelog/later.xml"), xml(LEGACY_USERS + """
                    <changeSet id="3" author="ada">
                """ + PROFILES + """
                    </changeSet>
                """));
        profilesHealAndOneTableIsNeverMade(root, "db/changelog/master.xml", "filesystem:" + root.resolve("db/changelog/master.xml"),
                "legacy_users");
    }

    /**
     * An XML changeSet that runs code also makes a table with Liquibase's own change: a formatted SQL file included after
     * it asks {@code --precondition-table-exists} of that table, and finds it, as Liquibase does ({@code profiles} is
     * made); the changeSet itself is not read (its code), yet what its other changes make counts for the files after it.
     */
    @org.junit.jupiter.api.Test
    void aFormattedPreconditionSeesWhatAChangeSetThatRunsCodeMade() throws Exception {
        Path root = dir.resolve("code-then-sql-project");
        write(root.resolve("db/changelog/master.xml"), xml("""
                    <include file="flows.xml" relativeToChangelogFile="true"/>
                    <include file="later.sql" relativeToChangelogFile="true"/>
                """));
        write(root.resolve("db/changelog/flows.xml"), xml("""
                    <changeSet id="1" author="ada">
                        <createTable tableName="flows">
                            <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
                        </createTable>
                        <customChange class="io.schemaheal.it.RecordingCustomChange"/>
                    </changeSet>
                """));
        write(root.resolve("db/changelog/later.sql"), """
                --liquibase formatted sql
                --changeset ada:2
                --preconditions onFail:MARK_RAN
                --precondition-table-exists table:flows
                CREATE TABLE profiles (id INT PRIMARY KEY);
                --changeset ada:3
                --preconditions onFail:MARK_RAN
                --precondition-table-exists table:accounts
                CREATE TABLE legacy_accounts (id INT PRIMARY KEY);
                """);
        profilesHealAndOneTableIsNeverMade(root, "db/changelog/master.xml", "filesystem:" + root.resolve("db/changelog/master.xml"),
                "legacy_accounts");
    }

    /**
     * Liquibase migrates two SQLite databases with the changelog; {@code profiles} is dropped from one and healed through
     * {@code location}; {@code never}, which Liquibase never made, stays the database's own error (nothing to heal); the
     * healed database ends as Liquibase made the other.
     */
    private void profilesHealAndOneTableIsNeverMade(Path root, String changelog, String location, String never) throws Exception {
        Files.createDirectories(dir.resolve("full"));
        Files.createDirectories(dir.resolve("healed"));
        try (TestDatabase full = TestDatabase.open("sqlite", dir.resolve("full"));
             TestDatabase healed = TestDatabase.open("sqlite", dir.resolve("healed"))) {
            migrate(full, root, changelog, null);
            migrate(healed, root, changelog, null);
            healed.dropTable("profiles");
            try (Connection c = healed.heal(location); Statement st = c.createStatement()) {
                SQLException missing = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM " + never).close());
                assertFalse(missing instanceof HealFailedException, "the database's own error: " + missing);
                assertEquals(0, missing.getSuppressed().length, "nothing to heal: " + missing);
                assertEquals(1, st.executeUpdate("INSERT INTO profiles (id) VALUES (1)"), "profiles healed");
                st.executeUpdate("DELETE FROM profiles");
            }
            assertEquals(SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(full)),
                    SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(healed)), "as Liquibase made it, no " + never);
        }
    }


    /** ada:1, the users table. */
    private static final String USERS = """
            <changeSet id="1" author="ada">
                <createTable tableName="users">
                    <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
                </createTable>
            </changeSet>
            """;

    /** The profiles table, as a changeSet's change. */
    private static final String PROFILES = """
            <createTable tableName="profiles">
                <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>
            </createTable>
            """;

    /** ada:2, legacy_users, made only where no users table exists (MARK_RAN). */
    private static final String LEGACY_USERS = """
            <changeSet id="2" author="ada">
                <preConditions onFail="MARK_RAN"><not><tableExists tableName="users"/></not></preConditions>
                <createTable tableName="legacy_users">
                    <column name="id" type="int"/>
                </createTable>
            </changeSet>
            """;

    /** A Liquibase XML changelog of these changeSets. */
    private static String xml(String changeSets) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                        xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                        http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.20.xsd">
                """ + changeSets + "</databaseChangeLog>\n";
    }

    private static List<String> sqliteColumnsAndIndexes(TestDatabase db) throws Exception {
        try (Connection c = db.raw()) {
            return Queries.strings(c, "SELECT m.name || ' ' || p.name || ' ' || p.type || ' ' || p.\"notnull\" || ' ' || "
                    + "coalesce(p.dflt_value, '') || ' ' || p.pk FROM sqlite_master m, pragma_table_info(m.name) p "
                    + "WHERE m.type = 'table' AND m.name IN ('users', 'posts') UNION ALL SELECT m.name || ' index ' || i.name "
                    + "|| ' ' || (SELECT group_concat(name) FROM pragma_index_info(i.name)) FROM sqlite_master m, "
                    + "pragma_index_list(m.name) i WHERE m.type = 'table' AND m.name IN ('users', 'posts') ORDER BY 1");
        }
    }

    /**
     * A new release's changelog file, which DATABASECHANGELOG does not record yet, is Liquibase's to run:
     * heal-on-connect gives a lost table of a file that ran back as that file left it, and leaves the new file's table
     * and its ALTER of the lost one to Liquibase's update, which then succeeds. Before, heal-on-connect made both, and
     * the update failed on them ("already exists").
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aChangelogFileNotRunYetIsLiquibases(String kind) throws Exception {
        Path root = dir.resolve("release");
        write(root.resolve("db/changelog/changes/001-users.sql"), """
                --liquibase formatted sql

                --changeset ada:users-1
                CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL);

                --changeset ada:orders-1
                CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL);
                """);
        write(root.resolve("db/changelog/changes/002-plans.sql"), """
                --liquibase formatted sql

                --changeset ada:plans-1
                CREATE TABLE plans (code VARCHAR(20) NOT NULL PRIMARY KEY, price INTEGER NOT NULL);

                --changeset ada:orders-2
                ALTER TABLE orders ADD plan VARCHAR(20);
                """);
        write(root.resolve("db/changelog/release-1.yaml"), masterIncluding("changes/001-users.sql"));
        write(root.resolve("db/changelog/release-2.yaml"), masterIncluding("changes/001-users.sql", "changes/002-plans.sql"));
        release2LeavesItsChangesToLiquibase(kind, root, "db/changelog/release-1.yaml", () -> { }, "db/changelog/release-2.yaml",
                " not run yet (");
    }

    /** A YAML master changelog that includes these files, relative to itself, in order. */
    private static String masterIncluding(String... files) {
        StringBuilder yaml = new StringBuilder("databaseChangeLog:\n");
        for (String file : files) {
            yaml.append("  - include:\n      file: ").append(file).append("\n      relativeToChangelogFile: true\n");
        }
        return yaml.toString();
    }

    /** What ran, what a new release deploys. */
    @FunctionalInterface
    private interface Deploy {
        void run() throws Exception;
    }

    /**
     * Release 1 (its master {@code release1}) migrates the database, {@code orders} is lost, release 2 is deployed;
     * heal-on-connect with release 2's master gives {@code orders} back as release 1 left it and makes nothing of
     * release 2's ({@code plans}, {@code orders.plan}), which the doctor says have not run yet (not drift); Liquibase's
     * update of release 2 then runs. {@code said}: how the doctor says what has not run yet.
     */
    private void release2LeavesItsChangesToLiquibase(String kind, Path root, String release1, Deploy deploy, String release2,
                                                     String said) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            migrate(db, root, release1, null);
            db.execute("DROP TABLE orders");
            deploy.run();
            try (Connection c = db.heal("filesystem:" + root.resolve(release2), "schemaheal.heal-on-connect", "true");
                 Connection raw = db.raw()) {
                assertEquals(List.of("id", "user_id"), Queries.columns(raw, "orders"), "orders as release 1 left it");
                assertFalse(Queries.tableExists(raw, "plans"), "release 2's table is Liquibase's to make");
            }
            DoctorTest.Run doctor = DoctorTest.cli("doctor", "--url", db.url(), "--migrations", "filesystem:" + root.resolve(release2));
            assertEquals(0, doctor.exit(), "release 2's changes are Liquibase's to apply, no drift:\n" + doctor.out() + doctor.err());
            assertTrue(doctor.out().contains(said), doctor.out());
            migrate(db, root, release2, null);
            try (Connection raw = db.raw()) {
                assertEquals(List.of("id", "user_id", "plan"), Queries.columns(raw, "orders"));
                assertEquals(List.of("code", "price"), Queries.columns(raw, "plans"));
                assertEquals(List.of("orders|healed"), Queries.rows(raw, "SELECT table_name, outcome FROM schemaheal_history"));
            }
        }
    }

    /**
     * One changelog file that grows release by release (Spring Boot's single master): the changeSets a new release
     * appended, which DATABASECHANGELOG does not record yet, are Liquibase's. heal-on-connect gives a lost table back as
     * the changeSets that ran left it and makes nothing of the new ones; Liquibase's update then runs them. Before,
     * the file counted as run, and heal-on-connect made the new table and column, on which the update failed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void changeSetsAppendedToAFileThatRanAreLiquibases(String kind) throws Exception {
        Path root = dir.resolve("growing");
        String release1 = """
                --liquibase formatted sql

                --changeset ada:users-1
                CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL);

                --changeset ada:orders-1
                CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL);
                """;
        String release2 = release1 + """

                --changeset bob:plans-1
                CREATE TABLE plans (code VARCHAR(20) NOT NULL PRIMARY KEY, price INTEGER NOT NULL);

                --changeset bob:orders-2
                ALTER TABLE orders ADD plan VARCHAR(20);
                """;
        write(root.resolve("db/changelog/master.yaml"), masterIncluding("changes.sql"));
        write(root.resolve("db/changelog/changes.sql"), release1);
        release2LeavesItsChangesToLiquibase(kind, root, "db/changelog/master.yaml",
                () -> write(root.resolve("db/changelog/changes.sql"), release2), "db/changelog/master.yaml",
                "changeSets not run yet ("); // the file ran, two of its changeSets did not
    }

    /** The same with Liquibase's own changes in one YAML master that grows (rendered by the optional module). */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void changeSetsAppendedToAYamlMasterThatRanAreLiquibases(String kind) throws Exception {
        Path root = dir.resolve("growing-yaml");
        String release1 = """
                databaseChangeLog:
                  - changeSet:
                      id: users-1
                      author: ada lovelace
                      changes:
                        - createTable:
                            tableName: users
                            columns:
                              - column: {name: id, type: int, constraints: {primaryKey: true, nullable: false}}
                  - changeSet:
                      id: orders-1
                      author: ada lovelace
                      changes:
                        - createTable:
                            tableName: orders
                            columns:
                              - column: {name: id, type: int, constraints: {primaryKey: true, nullable: false}}
                """;
        String release2 = release1 + """
                  - changeSet:
                      id: orders-2
                      author: bob
                      changes:
                        - addColumn:
                            tableName: orders
                            columns:
                              - column: {name: plan, type: varchar(20)}
                """;
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            write(root.resolve("db/changelog/db.changelog-master.yaml"), release1);
            migrate(db, root, "db/changelog/db.changelog-master.yaml", null);
            db.execute("DROP TABLE orders");
            write(root.resolve("db/changelog/db.changelog-master.yaml"), release2);
            try (Connection c = db.heal("filesystem:" + root.resolve("db/changelog/db.changelog-master.yaml"),
                    "schemaheal.heal-on-connect", "true"); Connection raw = db.raw()) {
                assertEquals(List.of("id"), Queries.columns(raw, "orders"), "orders as release 1 left it");
            }
            migrate(db, root, "db/changelog/db.changelog-master.yaml", null);
            try (Connection raw = db.raw()) {
                assertEquals(List.of("id", "plan"), Queries.columns(raw, "orders"));
            }
        }
    }

    /**
     * Changesets that Liquibase records under a {@code logicalFilePath} of their own: which file ran is not known, so
     * none is taken for "not run yet", and a lost table heals at the first connection as before (with the file taken
     * for not run, it was left lost). Nor where none of a file's changeSets is found recorded by author and id: the
     * file is kept whole (with each changeSet taken for not run, nothing of it healed).
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void aChangelogRecordedUnderALogicalPathIsNotTakenForNotRun(String kind) throws Exception {
        Path root = dir.resolve("logical");
        write(root.resolve("db/changelog/master.yaml"), masterIncluding("changes/001-shop.sql"));
        write(root.resolve("db/changelog/changes/001-shop.sql"), """
                --liquibase formatted sql

                --changeset ada:users-1 logicalFilePath:shop
                CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY);

                --changeset ada:orders-1 logicalFilePath:shop
                CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY);
                """);
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            migrate(db, root, "db/changelog/master.yaml", null);
            try (Connection raw = db.raw()) {
                assertEquals(List.of("shop"), Queries.strings(raw, "SELECT DISTINCT filename FROM databasechangelog"));
            }
            db.execute("DROP TABLE orders");
            try (Connection c = db.heal("filesystem:" + root.resolve("db/changelog/master.yaml"),
                    "schemaheal.heal-on-connect", "true"); Connection raw = db.raw()) {
                assertTrue(Queries.tableExists(raw, "orders"), "orders healed at the first connection");
            }
        }
        // nor where no changeSet of the file is found recorded by author and id (recorded in a way not told here)
        SqliteDb other = new SqliteDb(dir.resolve("other.sqlite"));
        migrate(other, root, "db/changelog/master.yaml", null);
        other.execute("UPDATE databasechangelog SET id = id || '-elsewhere'");
        other.execute("DROP TABLE orders");
        try (Connection c = other.heal("filesystem:" + root.resolve("db/changelog/master.yaml"),
                "schemaheal.heal-on-connect", "true"); Connection raw = other.raw()) {
            assertTrue(Queries.tableExists(raw, "orders"), "orders healed at the first connection");
        }
    }

    private static java.util.Set<String> list(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    /** Runs Liquibase's update on the database: all changesets, or the first {@code count}. */
    private static void migrate(TestDatabase db, Path root, Integer count) throws Exception {
        migrate(db, root, "db/changelog/db.changelog-master.yaml", count);
    }

    private static void migrate(TestDatabase db, Path root, String changelog, Integer count) throws Exception {
        try (Connection c = db.raw()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Liquibase liquibase = new Liquibase(changelog, new DirectoryResourceAccessor(root), database);
            if (count == null) {
                liquibase.update("");
            } else {
                liquibase.update(count, "");
            }
        }
    }
}
