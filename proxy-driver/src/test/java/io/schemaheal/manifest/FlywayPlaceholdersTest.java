package io.schemaheal.manifest;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlywayPlaceholdersTest {

    @Test
    void builtInsHaveFlywaysValuesAndGivenValuesWin() {
        String text = "-- ${flyway:filename} ${flyway:table} ${tier} ${unknown}";
        assertEquals("-- V2__x.sql flyway_schema_history gold ${unknown}",
                FlywayPlaceholders.replace(text, Map.of("tier", "gold"), "releases/V2__x.sql"));
        assertEquals("-- V2__x.sql history gold ${unknown}",
                FlywayPlaceholders.replace(text, Map.of("tier", "gold", "flyway:table", "history"), "V2__x.sql"));
        assertTrue(FlywayPlaceholders.replace("${flyway:timestamp}", Map.of(), "V1__a.sql").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
        assertEquals(Set.of("unknown"), FlywayPlaceholders.syntax(Map.of()).left("x ${unknown} y"));
    }

    @Test
    void flywaysPlaceholderPrefixAndSuffixAreTheFormReplacedAndTheDefaultFormIsText() {
        Map<String, String> given = Map.of(FlywayPlaceholders.PREFIX, "#[", FlywayPlaceholders.SUFFIX, "]", "tier", "gold");
        assertEquals("'gold' '${tier}' #[unknown] [tier]",
                FlywayPlaceholders.replace("'#[tier]' '${tier}' #[unknown] [tier]", given, "V1__a.sql"));
        assertEquals(Set.of("unknown"), FlywayPlaceholders.syntax(given).left("'${tier}' #[unknown]"));
        assertEquals(new FlywayPlaceholders.Left("#[unknown]", "unknown"), FlywayPlaceholders.syntax(given).firstLeft("'${tier}' #[unknown]"));
        assertEquals("#[flyway:placeholderPrefix]", FlywayPlaceholders.replace("#[flyway:placeholderPrefix]", given, "V1__a.sql"),
                "the reserved names carry the form, they are no values");
    }

    @Test
    void theDefaultSchemaQualifyingANameIsDroppedOnlyWhenItIsTheConnectionsSchema() {
        Map<String, String> connection = new HashMap<>(Map.of("flyway:defaultSchema", "app", "schemaheal:currentSchema", "app"));
        assertEquals("CREATE TABLE users (x int); SET search_path = app",
                FlywayPlaceholders.replace("CREATE TABLE ${flyway:defaultSchema}.users (x int); SET search_path = ${flyway:defaultSchema}",
                        connection, "V1__a.sql"));
        connection.put("flyway:defaultSchema", "other"); // schemaheal.placeholders.flyway:defaultSchema=other
        assertEquals("CREATE TABLE other.users (x int)",
                FlywayPlaceholders.replace("CREATE TABLE ${flyway:defaultSchema}.users (x int)", connection, "V1__a.sql"));
    }
}
