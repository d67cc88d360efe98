package taskmaster.config;

/** The defaults that differ between the spec's {@code [name]} sections and supervisord's {@code [program:x]}. */
enum Dialect {
    /** The subject's defaults: umask 022, starttime 5, outputs discarded unless set. */
    SPEC(022, 5, false),
    /** supervisord's: umask inherited, startsecs 1, outputs AUTO (files in childlogdir). */
    SUPERVISORD(null, 1, true);

    private final Integer umask;
    private final int startSeconds;
    private final boolean autoLogs;

    Dialect(Integer umask, int startSeconds, boolean autoLogs) {
        this.umask = umask;
        this.startSeconds = startSeconds;
        this.autoLogs = autoLogs;
    }

    Integer umask() {
        return umask;
    }

    int startSeconds() {
        return startSeconds;
    }

    boolean autoLogs() {
        return autoLogs;
    }
}
