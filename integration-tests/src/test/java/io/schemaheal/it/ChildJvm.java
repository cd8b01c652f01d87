package io.schemaheal.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a main class of the test class path in a child JVM (same java), stderr merged into stdout. */
final class ChildJvm {

    private ChildJvm() {
    }

    static Process start(Class<?> main, String... args) throws IOException {
        return start(Map.of(), main, args);
    }

    /** With extra environment variables. */
    static Process start(Map<String, String> env, Class<?> main, String... args) throws IOException {
        return start(javaBinary(), List.of(), env, main, args);
    }

    /** The java of this JVM. */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** With a given java binary and JVM options (-javaagent:..., -D...). */
    static Process start(String java, List<String> jvmOptions, Map<String, String> env, Class<?> main, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        if (!jvmOptions.contains("-cp")) {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
        }
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }
}
