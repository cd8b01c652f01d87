package io.schemaheal.bench;

import io.schemaheal.manifest.MigrationManifest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Building the manifest of 500 generated migration files (what the first connection of a JVM pays once). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ManifestBenchmark {

    static final int FILES = 500;
    private List<String> location;

    @Setup
    public void generate() throws Exception {
        Path dir = Files.createTempDirectory("schemaheal-bench-manifest-");
        for (int v = 1; v <= FILES; v++) {
            String t = "table_" + v;
            Files.writeString(dir.resolve(String.format("V%d__create_%s.sql", v, t)), """
                    -- migration %d
                    CREATE TABLE %s (id INTEGER PRIMARY KEY, name TEXT NOT NULL, parent_id INTEGER REFERENCES table_%d(id),
                        note TEXT DEFAULT 'a ''quoted'' default; with a semicolon', created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
                    CREATE INDEX idx_%s_name ON %s(name);
                    ALTER TABLE table_%d ADD COLUMN extra_%d TEXT;
                    CREATE TRIGGER trg_%s AFTER INSERT ON %s BEGIN
                        UPDATE %s SET note = 'touched' WHERE id = NEW.id;
                    END;
                    INSERT INTO %s (id, name) VALUES (0, 'seed');
                    """.formatted(v, t, Math.max(1, v - 1), t, t, Math.max(1, v - 1), v, t, t, t, t));
        }
        location = List.of("filesystem:" + dir);
    }

    @Benchmark
    public MigrationManifest build500() throws Exception {
        return MigrationManifest.build(location);
    }
}
