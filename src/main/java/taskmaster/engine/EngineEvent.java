package taskmaster.engine;

import java.util.List;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.Signal;

/**
 * What the engine tells the outside world. The event log and the management adapters listen;
 * the engine does not know who they are.
 */
public sealed interface EngineEvent {

    /** A process was spawned. */
    record Spawned(String process, long pid) implements EngineEvent {}

    /** A spawn failed before a process existed (missing command, bad directory, ...). */
    record SpawnFailed(String process, String reason) implements EngineEvent {}

    /** The observed state of a process changed; {@code snapshot} is the state after the change. */
    record StateChanged(ProcessState from, ProcessState to, ProcessSnapshot snapshot) implements EngineEvent {}

    /** A process stayed up for its start time (or has none) and is RUNNING. */
    record Started(String process, long pid, int startSeconds) implements EngineEvent {}

    /** A process ended on its own (not because it was stopped). */
    record Exited(String process, long pid, ExitStatus status, boolean expected, ProcessState from)
            implements EngineEvent {}

    /** A failed start will be retried. */
    record Backoff(String process, long delaySeconds, int attempt, int attempts) implements EngineEvent {}

    /** Too many failed starts: the process is FATAL until started by hand. */
    record GaveUp(String process, int attempts, String reason) implements EngineEvent {}

    /** A stop was asked for and the stop signal sent. */
    record StopRequested(String process, long pid, Signal signal, boolean group) implements EngineEvent {}

    /** The process did not stop within its stop time and was sent SIGKILL. */
    record Killed(String process, long pid, int stopSeconds) implements EngineEvent {}

    /** A process that was being stopped has ended. */
    record Stopped(String process, long pid, ExitStatus status) implements EngineEvent {}

    /** A signal was sent on an operator's request. */
    record Signalled(String process, long pid, Signal signal) implements EngineEvent {}

    /** A STARTING process passed its readiness check, {@code afterMillis} after its spawn. */
    record Ready(String process, long pid, String check, long afterMillis) implements EngineEvent {}

    /** A STARTING process was not ready within its ready timeout: it is stopped, and its start has failed. */
    record NotReady(String process, long pid, long seconds, String lastMessage) implements EngineEvent {}

    /**
     * A process said something of itself that is worth a line: {@code STATUS=}, {@code STOPPING=1},
     * {@code MAINPID=}, {@code EXTEND_TIMEOUT_USEC=} (not READY=1 or WATCHDOG=1: other events or
     * nothing tell those).
     */
    record Notified(String process, long pid, Notice notice) implements EngineEvent {}

    /** A health check failed, or the verdict changed; {@code retries} failures in a row restart it. */
    record HealthChecked(String process, long pid, HealthStatus status, int retries) implements EngineEvent {}

    /** {@code failures} health checks in a row failed: the process is restarted. */
    record Unhealthy(String process, long pid, int failures, String lastMessage) implements EngineEvent {}

    /** A RUNNING process sent no {@code WATCHDOG=1} for {@code seconds}: it is restarted. */
    record WatchdogExpired(String process, long pid, int seconds) implements EngineEvent {}

    /** A new configuration was applied. Names are program names. */
    record Reloaded(List<String> added, List<String> changed, List<String> removed) implements EngineEvent {}
}
