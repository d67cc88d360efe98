package taskmaster.model;

/**
 * How failed starts and exits are retried, beyond supervisord's {@code startretries}
 * ({@code backoff}, {@code backoff_max}, {@code fatal_retry}, {@code restart_limit},
 * {@code restart_window}, {@code essential}).
 *
 * @param backoff              how the delay between failed starts grows
 * @param backoffMaxSeconds    the longest delay between two attempts, whichever way it grows
 * @param fatalRetrySeconds    FATAL is tried again this long after it was reached; 0: never
 * @param restartLimit         a restart from RUNNING after this many within the window counts as a failed start;
 *                             0: no limit
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

    /**
     * Kubernetes' cap on a crash loop's delay (five minutes): systemd leaves it unbounded, which with
     * {@code startretries = infinite} would let a delay grow to hours.
     */
    public static final int DEFAULT_BACKOFF_MAX_SECONDS = 300;

    /** systemd's StartLimitBurst. */
    public static final int DEFAULT_RESTART_LIMIT = 5;

    /** systemd's StartLimitIntervalSec. */
    public static final int DEFAULT_RESTART_WINDOW_SECONDS = 10;

    public static final RestartPolicy DEFAULT = new RestartPolicy(
            Backoff.LINEAR,
            DEFAULT_BACKOFF_MAX_SECONDS,
            0,
            DEFAULT_RESTART_LIMIT,
            DEFAULT_RESTART_WINDOW_SECONDS,
            false);

    public RestartPolicy {
        if (backoff == null
                || backoffMaxSeconds < 1
                || fatalRetrySeconds < 0
                || restartLimit < 0
                || restartWindowSeconds < 1) {
            throw new IllegalArgumentException("invalid restart policy: " + backoff + ", backoff_max "
                    + backoffMaxSeconds + ", fatal_retry " + fatalRetrySeconds + ", restart_limit " + restartLimit
                    + ", restart_window " + restartWindowSeconds);
        }
    }

    public RestartPolicy withBackoff(Backoff b, int maxSeconds) {
        return new RestartPolicy(b, maxSeconds, fatalRetrySeconds, restartLimit, restartWindowSeconds, essential);
    }

    public RestartPolicy withFatalRetry(int seconds) {
        return new RestartPolicy(backoff, backoffMaxSeconds, seconds, restartLimit, restartWindowSeconds, essential);
    }

    public RestartPolicy withRestartLimit(int limit, int windowSeconds) {
        return new RestartPolicy(backoff, backoffMaxSeconds, fatalRetrySeconds, limit, windowSeconds, essential);
    }

    public RestartPolicy withEssential(boolean e) {
        return new RestartPolicy(backoff, backoffMaxSeconds, fatalRetrySeconds, restartLimit, restartWindowSeconds, e);
    }
}
