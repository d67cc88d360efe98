package taskmaster.engine;

import java.util.List;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.WantedSource;
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

    /**
     * An exit from RUNNING was not followed by a restart: {@code limit} restarts were made within the
     * last {@code windowSeconds} already. It counts as a failed start (BACKOFF, then FATAL).
     */
    record RestartLimitHit(String process, int limit, int windowSeconds) implements EngineEvent {}

    /** A FATAL process is started afresh, {@code afterSeconds} after it gave up ({@code fatal_retry}). */
    record FatalRetry(String process, int afterSeconds) implements EngineEvent {}

    /**
     * An essential process went down for good: FATAL, or EXITED with no restart to come. Its owner
     * (the daemon) stops everything. Never sent while shutting down or for a process being removed.
     */
    record EssentialDown(String process, ProcessState state, String reason) implements EngineEvent {}

    /** A stop was asked for and the stop signal sent. */
    record StopRequested(String process, long pid, Signal signal, boolean group) implements EngineEvent {}

    /** The process did not stop within its stop time and was sent SIGKILL. */
    record Killed(String process, long pid, int stopSeconds) implements EngineEvent {}

    /** A process that was being stopped has ended. */
    record Stopped(String process, long pid, ExitStatus status) implements EngineEvent {}

    /** A process that should start waits for its dependencies (depends_on names, as written) to be RUNNING. */
    record Waiting(String process, List<String> dependencies) implements EngineEvent {}

    /** A signal was sent on an operator's request. */
    record Signalled(String process, long pid, Signal signal) implements EngineEvent {}

    /**
     * What is wanted of a process changed its source: an operator's start or stop ({@code OPERATOR},
     * {@code wanted} what was asked), or back to its configuration ({@code CONFIG}: forgotten, or
     * the process is no longer configured). The daemon keeps these across its restarts.
     */
    record IntentChanged(String process, WantedSource source, boolean wanted) implements EngineEvent {}

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

    /**
     * A RUNNING process's group was over a usage limit for {@code samples} samples in a row (its
     * {@code limit_window}): it is restarted.
     *
     * @param observed what the last sample found: bytes of RSS, or percent of one core
     * @param limit    {@code memory_limit} in bytes, or {@code cpu_limit} in percent
     */
    record LimitExceeded(String process, long pid, Limit kind, double observed, double limit, int samples)
            implements EngineEvent {

        /** {@code RSS 612 MB over memory_limit 512 MB for 3 samples in a row}, or {@code CPU 153% over …}. */
        public String describe() {
            String what = switch (kind) {
                case MEMORY -> "RSS " + megabytes(observed) + " over memory_limit " + megabytes(limit);
                case CPU -> "CPU " + percent(observed) + " over cpu_limit " + percent(limit);
            };
            return what + " for " + samples + (samples == 1 ? " sample" : " samples in a row");
        }

        /** Whole percent, with a decimal below 10 (so 1.4 is not shown as over a limit of 1). */
        static String percent(double p) {
            return (p < 10 ? String.format(java.util.Locale.ROOT, "%.1f", p) : Long.toString(Math.round(p))) + "%";
        }

        /** Whole MB (MiB, as the configuration's MB), with a decimal below 10 MB. */
        static String megabytes(double bytes) {
            double mb = bytes / (1 << 20);
            return (mb < 10 ? String.format(java.util.Locale.ROOT, "%.1f", mb) : Long.toString(Math.round(mb))) + " MB";
        }

        /** Which usage limit. */
        public enum Limit {
            MEMORY("memory", "memory_limit"),
            CPU("cpu", "cpu_limit");

            private final String word;
            private final String key;

            Limit(String word, String key) {
                this.word = word;
                this.key = key;
            }

            /** {@code memory} or {@code cpu}, as logs and notifications name it. */
            public String word() {
                return word;
            }

            /** The configuration key that sets it. */
            public String key() {
                return key;
            }
        }
    }

    /** A process's health verdict changed; {@code snapshot} is the process after the change. */
    record HealthChanged(Health from, Health to, ProcessSnapshot snapshot) implements EngineEvent {}

    /**
     * A configuration is in force (the first, or a reload's), and none of the processes it adds or
     * changes has been started yet. What follows the configuration through the events (the event
     * system) learns of it here: a child's first output, read on another thread, can reach it
     * before that child's {@link Spawned} does, but never before this.
     */
    record Configured() implements EngineEvent {}

    /** A new configuration was applied. Names are program names. */
    record Reloaded(List<String> added, List<String> changed, List<String> removed) implements EngineEvent {}
}
