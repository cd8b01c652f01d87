package io.schemaheal.heal;

import io.schemaheal.manifest.MigrationManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The foreign keys the end state says other tables hold to a table: what a heal of that table gives back to them. */
class EndStateForeignKeysTest {

    @TempDir
    Path dir;

    private List<EndState.ForeignKeyTo> foreignKeysTo(String parent, String... files) throws Exception {
        for (int i = 0; i < files.length; i++) {
            Files.writeString(dir.resolve(String.format("v%02d_m.sql", i + 1)), files[i]);
        }
        return EndState.of(MigrationManifest.build(List.of(dir.toString()), Map.of(), "postgresql")).foreignKeysTo(parent);
    }

    @Test
    void aKeyDeclaredBeforeItsTablesAndColumnsWereRenamedIsTheirsUnderTheFinalNames() throws Exception {
        // Ory Kratos: the key is declared to selfservice_recovery_requests(id) on selfservice_recovery_request_id;
        // both tables and the column are renamed later, and PostgreSQL keeps the key's first name
        List<EndState.ForeignKeyTo> keys = foreignKeysTo("flows",
                "CREATE TABLE requests (\"id\" UUID PRIMARY KEY);",
                "CREATE TABLE tokens (\"id\" UUID PRIMARY KEY, \"request_id\" UUID NOT NULL, "
                        + "FOREIGN KEY (\"request_id\") REFERENCES \"requests\" (\"id\") ON DELETE cascade);",
                "ALTER TABLE \"requests\" RENAME TO \"flows\";",
                "ALTER TABLE \"tokens\" RENAME COLUMN \"request_id\" TO \"flow_id\";",
                "ALTER TABLE \"tokens\" RENAME TO \"recovery_tokens\";");
        assertEquals(1, keys.size(), keys.toString());
        EndState.ForeignKeyTo fk = keys.get(0);
        assertEquals("recovery_tokens", fk.child().key());
        assertEquals(List.of("flow_id"), fk.key().columns());
        assertEquals("REFERENCES \"flows\" (\"id\") ON DELETE cascade", fk.key().references());
        assertEquals("tokens_request_id_fkey", fk.name(), "the name PostgreSQL gave it when it was declared");
    }

    @Test
    void aKeyNamedAsWrittenKeepsItsNameAndAnUnrenamedUnnamedOneIsLeftToTheDatabase() throws Exception {
        List<EndState.ForeignKeyTo> keys = foreignKeysTo("p",
                "CREATE TABLE p (id INT PRIMARY KEY);",
                "CREATE TABLE a (id INT, p_id INT, CONSTRAINT a_to_p FOREIGN KEY (p_id) REFERENCES p (id));",
                "CREATE TABLE b (id INT, p_id INT REFERENCES p);",
                "ALTER TABLE a RENAME TO a2;");
        assertEquals(List.of("a2 a_to_p", "b null"), keys.stream().map(k -> k.child().key() + " " + k.name()).toList());
    }

    @Test
    void aKeyADoBlockAddsWhenNotThereYetIsDeclared() throws Exception {
        // Mattermost's 000053_create_retention_policies
        List<EndState.ForeignKeyTo> keys = foreignKeysTo("policies",
                "CREATE TABLE policies (id VARCHAR(26) PRIMARY KEY);",
                "CREATE TABLE policychannels (policyid VARCHAR(26), channelid VARCHAR(26));\n"
                        + "DO $$ BEGIN\n"
                        + "  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fk_policychannels_policies') THEN\n"
                        + "    ALTER TABLE policychannels ADD CONSTRAINT fk_policychannels_policies\n"
                        + "      FOREIGN KEY (policyid) REFERENCES policies (id) ON DELETE CASCADE;\n"
                        + "  END IF;\nEND $$;");
        assertEquals(List.of("policychannels fk_policychannels_policies (policyid)"),
                keys.stream().map(k -> k.child().key() + " " + k.name() + " " + k.key().columns().toString()
                        .replace('[', '(').replace(']', ')')).toList());
    }

    @Test
    void aKeyDroppedByItsNameAfterItsTableWasRenamedIsNotTheEndStates() throws Exception {
        List<EndState.ForeignKeyTo> keys = foreignKeysTo("p",
                "CREATE TABLE p (id INT PRIMARY KEY);",
                "CREATE TABLE a (id INT, p_id INT REFERENCES p (id));",
                "ALTER TABLE a RENAME TO a2;",
                "ALTER TABLE a2 DROP CONSTRAINT a_p_id_fkey;");
        assertEquals(List.of(), keys);
    }
}
