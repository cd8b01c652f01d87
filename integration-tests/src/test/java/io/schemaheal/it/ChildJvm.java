package io.schemaheal.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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

    /**
     * The child's output, read on a thread of its own as it comes (a child whose pipe is full blocks in
     * mid-write, holding whatever locks it holds); complete when the child has closed it.
     */
    static CompletableFuture<String> output(Process p) {
        CompletableFuture<String> out = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                out.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.completeExceptionally(e);
            }
        }, "child-output-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        return out;
    }

    /** The java of this JVM. */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The java of a JDK 25 from JAVA_25_HOME or under /usr/lib/jvm, or null when there is none. */
    static String java25() {
        List<Path> homes = new ArrayList<>();
        String env = System.getenv("JAVA_25_HOME");
        if (env != null && !env.isBlank()) {
            homes.add(Path.of(env));
        }
        try (var jvms = java.nio.file.Files.list(Path.of("/usr/lib/jvm"))) {
            jvms.filter(p -> p.getFileName().toString().matches(".*(^|\\D)25(\\D|$).*")).sorted().forEach(homes::add);
        } catch (IOException | RuntimeException none) {
            // no JVM folder here
        }
        return homes.stream().map(h -> h.resolve("bin").resolve("java"))
                .filter(java.nio.file.Files::isExecutable).map(Path::toString).findFirst().orElse(null);
    }

    /** With a given java binary and JVM options (-javaagent:..., -D...). */
    static Process start(String java, List<String> jvmOptions, Map<String, String> env, Class<?> main, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        // a short-lived JVM: the client compiler alone and the serial collector start it sooner on two cores (nothing a
        // child does is timed); the test's own options come after, and may say otherwise
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
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
