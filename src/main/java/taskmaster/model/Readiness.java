package taskmaster.model;

/**
 * How a process says it is ready ({@code ready}, {@code ready_timeout}, {@code watchdog}).
 *
 * @param check           the readiness check; null: ready once its start time has passed
 * @param timeoutSeconds  not ready within this long after the spawn is a failed start
 * @param watchdogSeconds with {@code ready = notify}: a process silent for this long (no
 *                        {@code WATCHDOG=1}) is stopped and restarted; 0: no watchdog
 */
public record Readiness(Check check, int timeoutSeconds, int watchdogSeconds) {

    public static final Readiness NONE = new Readiness(null, 60, 0);

    /** The part a process is launched with: the notify socket and the notification fd are given at spawn. */
    public Object launchPart() {
        return check instanceof Check.Notify || check instanceof Check.Fd ? check : null;
    }
}
