package taskmaster.config;

/** What a reload does when a key's value changes. */
public enum Effect {
    RESTART("restarts the process"),
    IN_PLACE("applies in place"),
    /** An output destination: whether the stream is captured is part of the launch. */
    CAPTURE("in place; restarts the process when the stream turns captured or discarded"),
    /**
     * A readiness or health check: applied in place, except what the process is given at spawn
     * (the notify socket, the notification fd, the watchdog's period) and the pipe a {@code log:}
     * check reads a discarded stdout through.
     */
    CHECK("in place; restarts the process when `notify`, `fd:N` or the watchdog changes, or a `log:` check"
            + " comes or goes on a discarded stdout"),
    /**
     * A kernel limit ({@code rlimit_*}): set before a program runs, so a change restarts it, though
     * the field it shares with the watched usage limits applies in place otherwise.
     */
    RLIMIT("restarts the process"),
    PROCESSES("adds or removes processes"),
    DAEMON_RELOAD("a reload applies it"),
    DAEMON_START("applies at the daemon's next start"),
    /** A daemon key that programs read: a reload applies it as the programs' own keys would. */
    PROGRAMS("a reload applies it to the programs"),
    NONE("none: accepted, no effect");

    private final String text;

    Effect(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
