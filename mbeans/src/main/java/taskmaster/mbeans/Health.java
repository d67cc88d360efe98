package taskmaster.mbeans;

/** What a process's health check last found. */
public enum Health {
    /** The last check succeeded. */
    HEALTHY,
    /** {@code healthcheck_retries} checks in a row failed (a restart follows). */
    UNHEALTHY,
    /** Checked, but not yet decided: not yet checked since RUNNING, or failures short of the retries. */
    UNKNOWN,
    /** The process has no health check, or is not RUNNING. */
    NONE
}
