package io.schemaheal.config;

import java.util.Locale;

/** {@code schemaheal.mode}. */
public enum Mode {
    /** Apply the owning migration's statements and retry. */
    HEAL,
    /** Log what would be healed; change nothing; the application gets the original error. */
    REPORT,
    /** Pass everything through untouched. */
    OFF;

    static Mode parse(String value, String where) throws ConfigException {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("schemaheal.mode is '" + value + "' in " + where + "; use heal, report or off");
        }
    }
}
