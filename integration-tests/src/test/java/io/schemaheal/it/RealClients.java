package io.schemaheal.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Migrates a test database with its database's own command-line client ({@code sqlite3}, {@code psql},
 * {@code mariadb}), as a user's deploy does: the reference a heal is compared with is never made by SchemaHeal's
 * own reading of the scripts. Without the client the test is skipped, saying which to install (under CI=true: fails).
 */
final class RealClients {

    private RealClients() {
    }

    /** Runs {@code script} (a file) with psql into {@code database} on the test server, as its owner. */
    static void psql(String database, Path script) throws IOException, InterruptedException {
        run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres", "-d", database,
                "-f", script.toString()), null);
    }

    /** Runs {@code script} (a file) into {@code db} with its client; throws with the client's output when it fails. */
    static void run(TestDatabase db, Path script) throws IOException, InterruptedException {
        run(db, script, null);
    }

    /**
     * As {@link #run(TestDatabase, Path)}, the mariadb client's session in {@code mariadbSqlMode} (null: the server's):
     * a set written for MySQL 8 may need the mode it runs in there.
     */
    static void run(TestDatabase db, Path script, String mariadbSqlMode) throws IOException, InterruptedException {
        List<String> command = switch (db.kind()) {
            case "sqlite" -> List.of("sqlite3", "-bail", "-cmd", ".timeout 5000", ((SqliteDb) db).file.toString());
            case "postgresql" -> List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres", "-d",
                    ((ServerDb) db).database, "-c", "SET search_path = " + ((ServerDb) db).name, "-f", script.toString());
            case "mariadb" -> mariadbSqlMode == null ? List.of("mariadb", "-h", "127.0.0.1", "-u", "root", ((ServerDb) db).name)
                    : List.of("mariadb", "-h", "127.0.0.1", "-u", "root", "--init-command=SET SESSION sql_mode = '"
                    + mariadbSqlMode + "'", ((ServerDb) db).name);
            default -> throw new IllegalArgumentException(db.kind());
        };
        run(command, db.kind().equals("postgresql") ? null : script);
    }

    /** Runs a client's command, {@code input} (or null) as its standard input. */
    private static void run(List<String> command, Path input) throws IOException, InterruptedException {
        String client = command.get(0);
        boolean installed = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> new File(dir, client).canExecute());
        if (!installed) {
            String message = "the " + client + " command-line client is not installed: install it to run this test";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true: " + message);
            }
            assumeTrue(false, message);
        }
        // its output goes to a file: a pipe nobody reads until the end could fill (a NOTICE per DROP ... IF EXISTS)
        Path output = Files.createTempFile("schemaheal-client-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            if (input != null) {
                pb.redirectInput(input.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(client + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(client + " failed (" + p.exitValue() + "): " + Files.readString(output, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Runs {@code scripts} in order into {@code db} in one session of its client (as a migration tool runs a set on one
     * connection): the client stops at the first error and names the script and line. The mariadb client's session
     * in {@code mariadbSqlMode} (null: the server's).
     */
    static void runAll(TestDatabase db, List<Path> scripts, String mariadbSqlMode) throws IOException, InterruptedException {
        if (db.kind().equals("postgresql")) {
            List<String> command = new java.util.ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h",
                    "127.0.0.1", "-U", "postgres", "-d", ((ServerDb) db).database, "-c", "SET search_path = " + ((ServerDb) db).name));
            for (Path script : scripts) {
                command.addAll(List.of("-f", script.toString()));
            }
            run(command, null);
            return;
        }
        // sqlite3's .read and the mariadb client's source: each script read in turn, in one session
        String read = db.kind().equals("sqlite") ? ".read '%s'" : "source %s";
        Path input = Files.createTempFile("schemaheal-scripts-", ".sql");
        try {
            Files.write(input, scripts.stream().map(s -> read.formatted(s)).toList());
            run(db, input, mariadbSqlMode);
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
