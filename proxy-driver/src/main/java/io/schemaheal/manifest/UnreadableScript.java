package io.schemaheal.manifest;

import io.schemaheal.sql.UnreadableText;

import java.util.Set;

/**
 * A migration script SchemaHeal cannot read (it cannot be split into statements, is not text, is not UTF-8), or a part
 * of one whose effect it cannot know (a Liquibase changeset behind a precondition it cannot evaluate). It never
 * stops the application: the rest of the set is read, the script is reported once, and a relation whose name appears
 * anywhere in its text is not healed — what the script does to it is unknown — and its heal says why.
 */
public final class UnreadableScript extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final transient Set<String> names;
    /** A part of a script not read by design ({@link #changeset}), as against a script that failed to be read. */
    private final boolean part;

    /**
     * @param text the script's text as far as it could be decoded (null: none), whose names it may touch
     * @param why  what could not be read, with the line where that is known
     */
    UnreadableScript(String path, String text, String why) {
        this(path, text == null ? null : UnreadableText.names(text), "migration " + path + " cannot be read: " + why, false);
    }

    private UnreadableScript(String path, Set<String> names, String message, boolean part) {
        super(message);
        this.path = path;
        this.names = names;
        this.part = part;
    }

    /**
     * A changeset of {@code path} whose effect SchemaHeal cannot know ({@code why}: a precondition it cannot evaluate,
     * code it never runs): the rest of the script is read, and a relation whose name appears in the changeset
     * ({@code text}) is not healed.
     */
    static UnreadableScript changeset(String path, String changeset, String text, String why) {
        return new UnreadableScript(path, UnreadableText.names(text), "changeset " + changeset + " of " + path + " " + why, true);
    }

    /**
     * A part of the set a heal never applies that changes, or may change, {@code names} (lower-case bare names), said by
     * {@code why}: a Flyway callback, a migration written in code. What it made of those is not healed.
     */
    static UnreadableScript neverApplied(String path, Set<String> names, String why) {
        return new UnreadableScript(path, Set.copyOf(names), why, true);
    }

    /** True for a part of a script not read by design (a changeset that runs code or whose precondition cannot be told). */
    boolean part() {
        return part;
    }

    public String path() {
        return path;
    }

    /** True when {@code bareKey} (a relation's lower-case name) may be what the script touches: null text names all. */
    boolean mayTouch(String bareKey) {
        return names == null || names.contains(bareKey);
    }
}
