package io.schemaheal.manifest;

/**
 * A migration set that SchemaHeal cannot use: a missing or unreadable location, an unreadable file, a
 * version that cannot be read, two migrations that create one table. The message names the file and
 * says what to do.
 */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean notVisibleHere;

    public ManifestException(String message) {
        this(message, false);
    }

    /** @param notVisibleHere a {@code classpath:} location that the class loaders asked do not see */
    ManifestException(String message, boolean notVisibleHere) {
        super(message);
        this.notVisibleHere = notVisibleHere;
    }

    /**
     * True for a {@code classpath:} location that the class loaders asked now do not see: the application's
     * own loader may (a Spring Boot executable jar's {@code BOOT-INF/classes}, seen from the thread that heals).
     */
    public boolean notVisibleHere() {
        return notVisibleHere;
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
        this.notVisibleHere = false;
    }
}
