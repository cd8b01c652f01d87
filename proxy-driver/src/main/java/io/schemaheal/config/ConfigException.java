package io.schemaheal.config;

/** Bad SchemaHeal configuration: the message names the key, where it was found, and what to do. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
