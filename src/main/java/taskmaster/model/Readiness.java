package taskmaster.model;

import java.util.List;

/**
 * How a process says it is ready ({@code ready}, {@code ready_timeout}, {@code watchdog}).
 *
 * @param check           the readiness check; null: ready once its start time has passed
 * @param timeoutSeconds  not ready within this long after the spawn is a failed start; 0: no limit
 *                        (systemd's {@code TimeoutStartSec}, whose default of 90 s is ours)
 * @param watchdogSeconds with {@code ready = notify}: a RUNNING process silent for this long (no
 *                        {@code WATCHDOG=1}) is stopped and restarted; 0: no watchdog
 */
public record Readiness(Check check, int timeoutSeconds, int watchdogSeconds) {

    /** systemd's {@code DefaultTimeoutStartSec}. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 90;

    public static final Readiness NONE = new Readiness(null, DEFAULT_TIMEOUT_SECONDS, 0);

    /**
     * The part a process is launched with: the notify socket and the notification fd are given at
     * spawn, and so is the watchdog's period (systemd's {@code WATCHDOG_USEC}, which tells a
     * client how often to ping).
     */
    public Object launchPart() {
        return switch (check) {
            case Check.Notify n -> List.of(check, watchdogSeconds);
            case Check.Fd f -> check;
            case null, default -> null;
        };
    }
}
