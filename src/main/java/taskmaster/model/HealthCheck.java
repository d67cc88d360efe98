package taskmaster.model;

/**
 * The health check of a RUNNING process ({@code healthcheck}, {@code healthcheck_interval},
 * {@code healthcheck_timeout}, {@code healthcheck_retries}).
 *
 * @param check           the check; null: none
 * @param intervalSeconds between the end of one check and the start of the next
 * @param timeoutSeconds  a check not answered within this long has failed
 * @param retries         this many failures in a row restart the process
 */
public record HealthCheck(Check check, int intervalSeconds, int timeoutSeconds, int retries) {

    public static final HealthCheck NONE = new HealthCheck(null, 30, 10, 3);
}
