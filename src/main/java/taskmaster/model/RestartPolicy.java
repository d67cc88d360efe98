package taskmaster.model;

/**
 * How failed starts and exits are retried, beyond supervisord's {@code startretries}
 * ({@code backoff}, {@code backoff_max}, {@code fatal_retry}, {@code restart_limit},
 * {@code restart_window}, {@code essential}).
 *
 * @param backoff              how the delay between failed starts grows
 * @param backoffMaxSeconds    the longest delay between two attempts
 * @param fatalRetrySeconds    FATAL is tried again this long after it was reached; 0: never
 * @param restartLimit         more restarts from RUNNING than this within the window count as a failed start; 0: no limit
 * @param restartWindowSeconds the window of {@code restartLimit}
 * @param essential            the daemon stops everything and exits when this process goes down for good
 */
public record RestartPolicy(
        Backoff backoff,
        int backoffMaxSeconds,
        int fatalRetrySeconds,
        int restartLimit,
        int restartWindowSeconds,
        boolean essential) {

    /** How the n-th retry's delay is chosen. */
    public enum Backoff {
        /** n seconds, as supervisord. */
        LINEAR,
        /** 2^(n-1) seconds. */
        EXPONENTIAL
    }

    // The restart-policy helper sets the real defaults (systemd's 5 restarts in 10 s).
    public static final RestartPolicy DEFAULT = new RestartPolicy(Backoff.LINEAR, 3600, 0, 0, 10, false);
}
