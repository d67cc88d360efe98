package taskmaster.mbeans;

/** Where a process's wanted state (up or down) comes from. */
public enum WantedSource {
    /** Its configuration: autostart. */
    CONFIG,
    /** An operator's start or stop since this daemon started. */
    OPERATOR,
    /** An operator's start or stop from before the daemon's restart, kept in its run folder. */
    PERSISTED
}
