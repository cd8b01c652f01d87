package io.schemaheal.sample;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Notes on orders through Spring's JdbcTemplate: plain SQL next to JPA, as many applications have it. */
@RestController
class NoteController {

    private final JdbcTemplate jdbc;

    NoteController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @PostMapping("/orders/{id}/note")
    Map<String, Object> note(@PathVariable("id") long id, @RequestParam("text") String text) {
        return Map.of("updated", jdbc.update("UPDATE orders SET note = ? WHERE id = ?", text, id));
    }
}
