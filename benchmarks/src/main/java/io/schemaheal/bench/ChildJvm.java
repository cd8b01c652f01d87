package io.schemaheal.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The start-up benchmarks' child JVMs: this JVM's java, run to its end; a failure throws with its output. */
final class ChildJvm {

    /** The agent option, as the benchmarks are run: from the repository root. */
    static final String AGENT = "-javaagent:agent/target/schemaheal-agent.jar";

    private ChildJvm() {
    }

    /** Runs {@code java ARGS} and returns its exit code (0: anything else throws, naming {@code what}). */
    static int run(String what, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(what + " failed: " + new String(out));
        }
        return exit;
    }
}
