package io.schemaheal.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * A test that writes migration sets and databases into a temporary folder of its own: each test's manifests are
 * forgotten after it, so that a set rewritten in place by the next test is read again.
 */
abstract class MigrationSetTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetManifests() {
        SqliteDb.forgetManifests();
    }

    /** Writes a file of a migration set, making its folders. */
    static void write(Path file, String text) throws java.io.IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, text);
    }
}
