package io.schemaheal.spring;

import io.schemaheal.config.ConfigResolver;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The metadata IDEs complete keys from names every key SchemaHeal and the starter read, and no other. */
class ConfigurationMetadataTest {

    private static final Pattern PROPERTY = Pattern.compile("\"name\"\\s*:\\s*\"(schemaheal\\.[^\"]+)\"\\s*,\\s*\"type\"");

    @Test
    void everyKeyIsDescribed() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "META-INF/spring-configuration-metadata.json is in the starter");
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> described = new ArrayList<>();
        Matcher m = PROPERTY.matcher(json);
        while (m.find()) {
            described.add(m.group(1));
        }
        List<String> keys = new ArrayList<>(List.of(SchemaHealEnvironment.ENABLED, SchemaHealEnvironment.HEAL_ON_START));
        for (String key : ConfigResolver.keys()) {
            String k = key.contains(".NAME") ? key.substring(0, key.indexOf(".NAME")) : key; // a map: schemaheal.db
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        assertEquals(keys.stream().sorted().toList(), described.stream().sorted().toList());
    }
}
