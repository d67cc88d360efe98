package taskmaster.mbeans;

/** What a process's health check last found. */
public enum Health {
    /** The last check succeeded. */
    HEALTHY,
    /**
     * The last check failed; the failures in a row are counted, and {@code healthcheck_retries}
     * of them restart the process. (Docker says "healthy" until the last retry: here the first
     * failure shows.)
     */
    UNHEALTHY,
    /** Not checked yet since the process became RUNNING. */
    UNKNOWN,
    /** The process has no health check, or is not RUNNING. */
    NONE
}
