package io.schemaheal.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lets child JVMs (and their threads) start their work together without trusting the wall clock: each
 * party says it is ready with a file, and waits for the {@code go} file, which the test writes once every
 * party is ready. On a slow machine they still start together, however long the JVMs took to come up.
 */
final class FileBarrier {

    private static final String GO = "go";

    private FileBarrier() {
    }

    /** The party's side: ready, then wait for the go (the test's @Timeout bounds it). */
    static void arriveAndAwait(Path dir, String party) throws IOException, InterruptedException {
        Files.createFile(dir.resolve(party + ".ready"));
        while (!Files.exists(dir.resolve(GO))) {
            Thread.sleep(2);
        }
    }

    /** The test's side: once {@code parties} are ready, let them all go; fails if a child dies first. */
    static void releaseWhenReady(Path dir, int parties, List<Process> children) throws IOException, InterruptedException {
        awaitReady(dir, parties, children);
        Files.createFile(dir.resolve(GO));
    }

    /** The test's side, in two steps: wait until {@code parties} are ready (fails if a child dies first) ... */
    static void awaitReady(Path dir, int parties, List<Process> children) throws IOException, InterruptedException {
        while (ready(dir) < parties) {
            for (Process p : children) {
                if (!p.isAlive()) {
                    throw new AssertionError("a child JVM stopped before the barrier (exit " + p.exitValue() + "): "
                            + new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            Thread.sleep(5);
        }
    }

    /** ... then, having done what the parties must find done, let them go. */
    static void go(Path dir) throws IOException {
        Files.createFile(dir.resolve(GO));
    }

    private static long ready(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ready")).count();
        }
    }
}
