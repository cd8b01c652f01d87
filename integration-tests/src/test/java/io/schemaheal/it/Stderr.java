package io.schemaheal.it;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a piece of test code writes to stderr (slf4j-simple's heal lines and warnings), captured. */
final class Stderr {

    interface Action {
        void run() throws Exception;
    }

    private Stderr() {
    }

    static String of(Action action) throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
