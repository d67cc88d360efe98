package taskmaster.mbeans;

/** The daemon's own state. */
public enum SupervisorState {
    /** Supervising; taking commands. */
    RUNNING,
    /** Applying a new configuration (SIGHUP or {@code reload()}). */
    RELOADING,
    /** Stopping every process before exiting; no more commands. */
    SHUTTING_DOWN
}
