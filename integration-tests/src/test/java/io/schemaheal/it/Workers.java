package io.schemaheal.it;

import java.util.ArrayList;
import java.util.List;

/** Runs a body on N threads at once and collects what they threw (the child JVMs' worker pools). */
final class Workers {

    /** The work of thread number {@code index}. */
    @FunctionalInterface
    interface Body {
        void run(int index) throws Exception;
    }

    private Workers() {
    }

    /** Runs {@code threads} copies of {@code body}, waits for all, and returns their failures (empty when none). */
    static List<Throwable> run(int threads, Body body) throws InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread w = new Thread(() -> {
                try {
                    body.run(index);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        return failures;
    }
}
