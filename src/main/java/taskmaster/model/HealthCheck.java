package taskmaster.model;

/**
 * The health check of a RUNNING process ({@code healthcheck}, {@code healthcheck_interval},
 * {@code healthcheck_timeout}, {@code healthcheck_retries}). The defaults are docker's interval
 * and retries; the timeout is shorter than docker's 30 s, so a hung check is noticed within one
 * interval.
 *
 * @param check           the check; null: none
 * @param intervalSeconds between the end of one check and the start of the next
 * @param timeoutSeconds  a check not answered within this long has failed
 * @param retries         this many failures in a row restart the process
 */
public record HealthCheck(Check check, int intervalSeconds, int timeoutSeconds, int retries) {

    public static final int DEFAULT_INTERVAL_SECONDS = 30;
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_RETRIES = 3;

    public static final HealthCheck NONE =
            new HealthCheck(null, DEFAULT_INTERVAL_SECONDS, DEFAULT_TIMEOUT_SECONDS, DEFAULT_RETRIES);
}
