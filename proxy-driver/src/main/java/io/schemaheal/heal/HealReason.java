package io.schemaheal.heal;

/**
 * Why a heal was refused: a rule of SchemaHeal's said no, before the heal or by undoing it. Each reason's message is
 * made here, in one place; {@link HealFailedException#reason()} gives it to an application that wants to tell them
 * apart (null there: the heal failed, see {@link HealResult.Failed}).
 */
public enum HealReason {
    /** The heal needs a connection of its own, and none can be opened as the application's account. */
    NO_CONNECTION_OF_ITS_OWN("SchemaHeal does not heal %s here: the heal would need a connection of its own (this one is "
            + "in a transaction or may only read, or schemaheal.heal-user is set), and the agent did not see how this "
            + "connection logged in (its data source did not go through Driver.connect) to open one as the application's "
            + "account; set schemaheal.heal-user and schemaheal.heal-password, or run the statement outside a transaction"),
    /** The application's read-only transaction is never written through: the heal waits until it ends. */
    AFTER_READ_ONLY_TRANSACTION("SchemaHeal heals %s as soon as this connection's read-only transaction ends: a heal is "
            + "never written through it, and the agent did not see how this connection logged in (its data source did not "
            + "go through Driver.connect) to open one of its own; set schemaheal.heal-user and schemaheal.heal-password "
            + "to heal at once"),
    /** The server takes no writes (a standby, or started read-only), is a replica, or cannot say whether it takes writes. */
    SERVER_READ_ONLY("SchemaHeal does not heal %s: %s"),
    /** The migrations' end state has no such column. */
    NOT_IN_MIGRATIONS("SchemaHeal does not heal column %s: the migrations' end state has no such column"),
    /** Its plan cannot make it (the table a missing column belongs to is missing itself, ...). */
    NOT_HEALABLE("SchemaHeal does not heal %s: %s"),
    /** Its history passes through what the scripts do not say for certain: an unreadable script, code, two names. */
    NOT_KNOWN("SchemaHeal does not heal %s: %s"),
    /** The version table records a version newer than every migration the application has. */
    NEWER_RELEASE("SchemaHeal does not heal %s: %s"),
    /** Its last heal failed a moment ago: it is not tried again before the back-off ends. */
    BACKING_OFF("SchemaHeal did not try to heal %s again: %s"),
    /** {@code schemaheal.mode=report}: what would be healed is said, nothing is changed. */
    REPORT_ONLY("SchemaHeal does not heal %s: schemaheal.mode=report only says what it would heal; set schemaheal.mode=heal "
            + "to heal it"),
    /** The heal ran and was undone as a whole: it changed what existed before, or did not make its target. */
    UNDONE("SchemaHeal did not heal %s: %s");

    private final String message;

    HealReason(String message) {
        this.message = message;
    }

    /** The refusal of {@code what} for this reason, {@code detail} saying more where the reason takes one. */
    HealResult.Refused of(String what, String detail) {
        return new HealResult.Refused(new HealFailedException(this, message.formatted(what, detail)));
    }

    /** The refusal of {@code what} for a reason that says it all. */
    HealResult.Refused of(String what) {
        return of(what, null);
    }
}
