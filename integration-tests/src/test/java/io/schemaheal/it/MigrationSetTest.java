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
}
