package taskmaster.engine;

import java.util.List;
import taskmaster.mbeans.Health;
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

    /** A process's health verdict changed; {@code snapshot} is the process after the change. */
    record HealthChanged(Health from, Health to, ProcessSnapshot snapshot) implements EngineEvent {}

    /** A new configuration was applied. Names are program names. */
    record Reloaded(List<String> added, List<String> changed, List<String> removed) implements EngineEvent {}
}
