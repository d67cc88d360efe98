package taskmaster.engine;

import java.util.concurrent.CompletableFuture;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * The inputs of a process's transition function ({@link Proc}): the operator's commands, what a
 * reload or the shutdown asks, and what the child and the timers report.
 */
sealed interface ProcEvent {

    /** An operator's start: answered when RUNNING or at the first failure. */
    record Start(CompletableFuture<Outcome> reply) implements ProcEvent {}

    /** An operator's stop: answered when down. */
    record Stop(CompletableFuture<Outcome> reply) implements ProcEvent {}

    /** An operator's restart: stop if up, then start; answered as {@link Start}. */
    record Restart(CompletableFuture<Outcome> reply) implements ProcEvent {}

    /** An operator's signal, sent to the child only. */
    record SendSignal(Signal signal, CompletableFuture<Outcome> reply) implements ProcEvent {}

    /**
     * What the operator asked of it before the daemon's restart, read back from the run folder:
     * it takes the place of autostart, as if asked again now. Handed before {@link Autostart}.
     */
    record Restore(boolean wanted) implements ProcEvent {}

    /**
     * The operator takes back his word: autostart decides again, and the process starts or stops
     * accordingly, as a reload that changes autostart does.
     */
    record Forget(CompletableFuture<Outcome> reply) implements ProcEvent {}

    /** A configuration made this process: start it if it should be up. */
    record Autostart() implements ProcEvent {}

    /** Some process changed state, or the dependencies did: a process waiting for its own looks again. */
    record DependenciesChanged() implements ProcEvent {}

    /** A dependency of a waiting process failed to start ({@code why} names it): a start waiting is answered. */
    record DependencyFailed(String why) implements ProcEvent {}

    /** A reload changed how it is launched: stop it, take {@code spec}, start again if wanted. */
    record Relaunch(ProcessSpec spec, CompletableFuture<Void> done) implements ProcEvent {}

    /**
     * A reload changed policies only: they apply in place. When the change of autostart changes
     * what is wanted (the operator having never said), the process starts or stops accordingly.
     */
    record Update(ProcessSpec spec) implements ProcEvent {}

    /** A reload removed it: no restart any more, then down. */
    record Retire(CompletableFuture<Void> done) implements ProcEvent {}

    /** A reload configured it again before its removal completed: as {@link Relaunch}. */
    record Revive(ProcessSpec spec, CompletableFuture<Void> done) implements ProcEvent {}

    /** The daemon shuts down: from now on nothing spawns; a pending retry is called off. */
    record ShutdownBegan() implements ProcEvent {}

    /** Bring it down without changing what the operator wants (the shutdown's batches). */
    record Halt(CompletableFuture<Void> done) implements ProcEvent {}

    /** The child of spawn number {@code generation} ended. */
    record Exit(int generation, ExitStatus status) implements ProcEvent {}

    /** The start time of spawn {@code generation} passed with the child still up. */
    record StartTimeUp(int generation) implements ProcEvent {}

    /** The backoff delay passed: try again. */
    record RetryDue() implements ProcEvent {}

    /** FATAL has lasted its {@code fatal_retry}: start afresh. */
    record FatalRetryDue() implements ProcEvent {}

    /** The stop time passed with the child still up: SIGKILL. */
    record StopTimeUp() implements ProcEvent {}

    /** What a check is for: a STARTING process's readiness, or a RUNNING one's health. */
    enum Purpose {
        READY,
        HEALTH
    }

    /** The child of spawn {@code generation} pushed {@code notice} (sd_notify, its fd, a log line). */
    record Notified(int generation, Notice notice) implements ProcEvent {}

    /** Time for the next probe of run {@code run} (a later run, or a later spawn, calls it off). */
    record ProbeDue(int generation, int run, Purpose purpose) implements ProcEvent {}

    /** A probe of run {@code run} answered. */
    record Probed(int generation, int run, Purpose purpose, CheckResult result) implements ProcEvent {}

    /** The ready timeout of spawn {@code generation} passed (it may have been extended since). */
    record ReadyTimeUp(int generation) implements ProcEvent {}

    /** The watchdog of spawn {@code generation} may have run out (a later WATCHDOG=1 may have moved it). */
    record WatchdogTimeUp(int generation) implements ProcEvent {}

    /** A resource sample of the process's group; one of another pid than the current spawn's is ignored. */
    record Usage(UsageSample sample) implements ProcEvent {}
}
