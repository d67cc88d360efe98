package taskmaster.engine;

import taskmaster.mbeans.Health;

/**
 * A process's health as last checked.
 *
 * @param health      the verdict
 * @param lastCheck   wall-clock epoch ms of the last check's end; 0: never checked
 * @param lastOk      whether the last check succeeded
 * @param lastMessage the last check's message; empty before any
 * @param failures    failed checks in a row
 */
public record HealthStatus(Health health, long lastCheck, boolean lastOk, String lastMessage, int failures) {

    public static final HealthStatus NONE = new HealthStatus(Health.NONE, 0, false, "", 0);
}
