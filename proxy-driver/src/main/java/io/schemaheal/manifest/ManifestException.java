package io.schemaheal.manifest;

/**
 * A migration set that SchemaHeal cannot use: a missing or unreadable location, an unreadable file, a
 * version that cannot be read, two migrations that create one table. The message names the file and
 * says what to do.
 */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
