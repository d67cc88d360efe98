package taskmaster.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.AutoRestart;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * One supervised process: its spec, its observed state and the one transition function that
 * moves it. Everything here runs on the loop thread; other threads see it only through the
 * {@link ProcessSnapshot} it publishes after each change.
 */
final class Proc {

    /** Inputs of the transition function. */
    private sealed interface Event {
    }

    /** Spawn now: an operator's start, an autostart, an automatic restart. */
    private record Spawn() implements Event {
    }

    /** Stop: by the operator, a reload or the shutdown. */
    private record Stop() implements Event {
    }

    /** The process of spawn number {@code generation} ended. */
    private record Exit(int generation, ExitStatus status) implements Event {
    }

    /** The start time passed with the process still up. */
    private record StartTimeUp() implements Event {
    }

    /** The backoff delay passed: try again. */
    private record RetryDue() implements Event {
    }

    /** The stop time passed with the process still up: SIGKILL. */
    private record StopTimeUp() implements Event {
    }

    private final Loop loop;
    private final Launcher launcher;
    private final Consumer<EngineEvent> emit;
    private final Consumer<ProcessSnapshot> publish;

    private ProcessSpec spec;
    private ProcessState state = ProcessState.STOPPED;
    private long pid;
    /** Counts spawns, so the exit of an earlier incarnation is never taken for the current one. */
    private int generation;
    private long startMono;
    private long startWall;
    private long stopWall;
    private ExitStatus lastExit;
    private int restarts;
    private String spawnError = "";
    /** Failed starts in a row; reset by RUNNING and by every start asked for. */
    private int backoff;
    /** The operator's last word (start: true, stop: false); null until then, and autostart rules. */
    private Boolean operatorWants;
    /** No automatic restart: set while the daemon shuts down or the process is being removed. */
    private boolean halted;
    /** A restart is under way: spawn again as soon as the stop completes. */
    private boolean startAfterStop;
    private Loop.Timer timer;
    private final List<CompletableFuture<Outcome>> startWaiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>();

    Proc(ProcessSpec spec, Loop loop, Launcher launcher, Consumer<EngineEvent> emit,
         Consumer<ProcessSnapshot> publish) {
        this.spec = spec;
        this.loop = loop;
        this.launcher = launcher;
        this.emit = emit;
        this.publish = publish;
        launcher.configured(spec);
        publish.accept(snapshot());
    }

    ProcessSpec spec() {
        return spec;
    }

    ProcessState state() {
        return state;
    }

    String name() {
        return spec.name();
    }

    boolean wanted() {
        return operatorWants != null ? operatorWants : spec.autostart();
    }

    boolean isDown() {
        return switch (state) {
            case STOPPED, EXITED, FATAL -> true;
            case STARTING, RUNNING, BACKOFF, STOPPING -> false;
        };
    }

    ProcessSnapshot snapshot() {
        return new ProcessSnapshot(spec.name(), spec.program(), spec.group(), state, pid, startWall, stopWall,
                startMono, lastExit, restarts, spawnError, wanted());
    }

    // ---- commands (validated here, carried out by the transition function) ----

    /** An operator's start: completes when RUNNING, or at the first failure. */
    CompletableFuture<Outcome> start() {
        operatorWants = true;
        publish.accept(snapshot());
        return switch (state) {
            case STARTING, RUNNING, BACKOFF -> CompletableFuture.completedFuture(
                    Outcome.fault(name(), Fault.ALREADY_STARTED, name() + " is already " + state));
            case STOPPING -> {
                startAfterStop = true;
                yield startWaiter();
            }
            case STOPPED, EXITED, FATAL -> {
                CompletableFuture<Outcome> f = startWaiter();
                backoff = 0;
                transition(new Spawn());
                yield f;
            }
        };
    }

    /** An operator's stop: completes when stopped. */
    CompletableFuture<Outcome> stop() {
        operatorWants = false;
        startAfterStop = false;
        publish.accept(snapshot());
        if (isDown()) {
            return CompletableFuture.completedFuture(
                    Outcome.fault(name(), Fault.NOT_RUNNING, name() + " is not running (" + state + ")"));
        }
        return halt().thenApply(v -> Outcome.ok(name(), "stopped"));
    }

    /** Stop if running, then start: completes as {@link #start()} does. */
    CompletableFuture<Outcome> restart() {
        if (isDown()) {
            return start();
        }
        operatorWants = true;
        startAfterStop = true;
        CompletableFuture<Outcome> f = startWaiter();
        if (state != ProcessState.STOPPING) {
            transition(new Stop());
        }
        return f;
    }

    /** Brings the process down without changing what the operator wants; completes when down. */
    CompletableFuture<Void> halt() {
        if (isDown()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        stopWaiters.add(f);
        if (state != ProcessState.STOPPING) {
            transition(new Stop());
        }
        return f;
    }

    /** For shutdown and removal: no automatic restart any more, then down. */
    CompletableFuture<Void> haltForGood() {
        halted = true;
        startAfterStop = false;
        return halt();
    }

    boolean isHalted() {
        return halted;
    }

    /** Undoes {@link #haltForGood()}: the process is configured again. */
    void revive() {
        halted = false;
    }

    /** Starts the process if it should be up and is not: autostart, or a reload. */
    void startIfWanted() {
        if (wanted() && !halted && isDown() && state != ProcessState.FATAL) {
            backoff = 0;
            transition(new Spawn());
        }
    }

    /** Start again after a reload changed how it is launched, if it should be up. */
    void relaunchIfWanted() {
        if (wanted() && !halted && isDown()) {
            backoff = 0;
            transition(new Spawn());
        }
    }

    Outcome signal(Signal sig) {
        return switch (state) {
            case STARTING, RUNNING, STOPPING -> {
                boolean sent = launcher.signal(pid, sig, false);
                if (!sent) {
                    yield Outcome.fault(name(), Fault.NOT_RUNNING, name() + " is already gone");
                }
                emit.accept(new EngineEvent.Signalled(name(), pid, sig));
                yield Outcome.ok(name(), "signalled");
            }
            case STOPPED, EXITED, FATAL, BACKOFF ->
                    Outcome.fault(name(), Fault.NOT_RUNNING, name() + " is not running (" + state + ")");
        };
    }

    /** Replaces the spec; a running process keeps running (only policies may differ). */
    void updateSpec(ProcessSpec newSpec) {
        this.spec = newSpec;
        launcher.configured(newSpec);
        publish.accept(snapshot());
    }

    /** Called by the launcher's reaper, from any thread. */
    private Consumer<ExitStatus> exitHandler(int gen) {
        return status -> loop.execute(() -> transition(new Exit(gen, status)));
    }

    // ---- the transition function ----

    private void transition(Event event) {
        switch (event) {
            case Spawn s -> {
                switch (state) {
                    case STOPPED, EXITED, FATAL, BACKOFF -> spawn();
                    case STARTING, RUNNING, STOPPING -> { } // already up: nothing to do
                }
            }
            case Stop s -> {
                switch (state) {
                    case STARTING, RUNNING -> sendStop();
                    case BACKOFF -> {
                        // No process to signal. The retry count starts afresh (supervisord keeps it,
                        // so a later start got a single attempt; see supervisord.md E12).
                        cancelTimer();
                        backoff = 0;
                        moveTo(ProcessState.STOPPED);
                        afterStopped();
                    }
                    case STOPPING, STOPPED, EXITED, FATAL -> { }
                }
            }
            case Exit e -> {
                if (e.generation() != generation || pid == 0) {
                    return; // an earlier incarnation, already dealt with
                }
                switch (state) {
                    case STARTING -> exitWhileStarting(e.status());
                    case RUNNING -> exitWhileRunning(e.status());
                    case STOPPING -> exitWhileStopping(e.status());
                    case BACKOFF, STOPPED, EXITED, FATAL -> { } // no live pid in these states
                }
            }
            case StartTimeUp t -> {
                switch (state) {
                    case STARTING -> enterRunning();
                    case RUNNING, BACKOFF, STOPPING, STOPPED, EXITED, FATAL -> { }
                }
            }
            case RetryDue r -> {
                switch (state) {
                    case BACKOFF -> {
                        restarts++;
                        spawn();
                    }
                    case STARTING, RUNNING, STOPPING, STOPPED, EXITED, FATAL -> { }
                }
            }
            case StopTimeUp t -> {
                switch (state) {
                    case STOPPING -> {
                        // Repeated every stop time while the process lives, as supervisord does.
                        launcher.signal(pid, Signal.KILL, spec.killAsGroup());
                        emit.accept(new EngineEvent.Killed(name(), pid, spec.stopSeconds()));
                        timer = loop.schedule(spec.stopSeconds() * 1000L, () -> transition(new StopTimeUp()));
                    }
                    case STARTING, RUNNING, BACKOFF, STOPPED, EXITED, FATAL -> { }
                }
            }
        }
    }

    // ---- actions ----

    private void spawn() {
        cancelTimer();
        int gen = ++generation;
        long now = loop.now();
        try {
            long newPid = launcher.spawn(spec, exitHandler(gen));
            pid = newPid;
            startMono = now;
            startWall = loop.wallClock();
            spawnError = "";
            emit.accept(new EngineEvent.Spawned(name(), newPid));
            moveTo(ProcessState.STARTING);
            if (spec.startSeconds() <= 0) {
                enterRunning();
            } else {
                timer = loop.schedule(spec.startSeconds() * 1000L, () -> transition(new StartTimeUp()));
            }
        } catch (SpawnException ex) {
            pid = 0;
            emit.accept(new EngineEvent.SpawnFailed(name(), ex.getMessage()));
            moveTo(ProcessState.STARTING);
            failedStart(ex.getMessage());
        }
    }

    private void enterRunning() {
        cancelTimer();
        backoff = 0;
        moveTo(ProcessState.RUNNING);
        emit.accept(new EngineEvent.Started(name(), pid, spec.startSeconds()));
        completeStart(Outcome.ok(name(), "started"));
    }

    private void exitWhileStarting(ExitStatus status) {
        if (loop.now() - startMono >= spec.startSeconds() * 1000L) {
            // Up for its whole start time; the timer had just not run yet.
            enterRunning();
            exitWhileRunning(status);
            return;
        }
        long oldPid = pid;
        ended(status);
        emit.accept(new EngineEvent.Exited(name(), oldPid, status, false, ProcessState.STARTING));
        failedStart("Exited too quickly (" + status.describe() + ")");
    }

    private void failedStart(String reason) {
        cancelTimer();
        backoff++;
        spawnError = reason;
        moveTo(ProcessState.BACKOFF);
        int attempts = spec.startRetries() + 1;
        if (backoff >= attempts) {
            emit.accept(new EngineEvent.GaveUp(name(), attempts, reason));
            backoff = 0;
            moveTo(ProcessState.FATAL);
            completeStart(Outcome.fault(name(), Fault.SPAWN_ERROR, reason));
            afterStopped();
            return;
        }
        // Linear as supervisord: the n-th retry waits n seconds.
        emit.accept(new EngineEvent.Backoff(name(), backoff, backoff + 1, attempts));
        timer = loop.schedule(backoff * 1000L, () -> transition(new RetryDue()));
        completeStart(Outcome.fault(name(), Fault.SPAWN_ERROR, reason + "; retrying"));
    }

    private void exitWhileRunning(ExitStatus status) {
        long oldPid = pid;
        ended(status);
        boolean expected = !status.bySignal() && spec.exitCodes().contains(status.code());
        emit.accept(new EngineEvent.Exited(name(), oldPid, status, expected, ProcessState.RUNNING));
        moveTo(ProcessState.EXITED);
        if (restartsAfter(spec.autorestart(), expected) && !halted) {
            restarts++;
            spawn();
        } else {
            afterStopped();
        }
    }

    private void exitWhileStopping(ExitStatus status) {
        long oldPid = pid;
        cancelTimer();
        ended(status);
        emit.accept(new EngineEvent.Stopped(name(), oldPid, status));
        moveTo(ProcessState.STOPPED);
        completeStart(Outcome.fault(name(), Fault.ABNORMAL_TERMINATION, name() + " was stopped while starting"));
        afterStopped();
        if (startAfterStop && !halted) {
            startAfterStop = false;
            backoff = 0;
            spawn();
        }
    }

    private void sendStop() {
        cancelTimer();
        completeStart(Outcome.fault(name(), Fault.ABNORMAL_TERMINATION, name() + " was stopped while starting"));
        launcher.signal(pid, spec.stopSignal(), spec.stopAsGroup());
        emit.accept(new EngineEvent.StopRequested(name(), pid, spec.stopSignal(), spec.stopAsGroup()));
        moveTo(ProcessState.STOPPING);
        timer = loop.schedule(spec.stopSeconds() * 1000L, () -> transition(new StopTimeUp()));
    }

    private void ended(ExitStatus status) {
        pid = 0;
        lastExit = status;
        stopWall = loop.wallClock();
    }

    /** The process is down: whoever waited for that may go on. */
    private void afterStopped() {
        if (!stopWaiters.isEmpty()) {
            List<CompletableFuture<Void>> waiting = List.copyOf(stopWaiters);
            stopWaiters.clear();
            waiting.forEach(f -> f.complete(null));
        }
    }

    private CompletableFuture<Outcome> startWaiter() {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        startWaiters.add(f);
        return f;
    }

    private void completeStart(Outcome outcome) {
        if (startAfterStop && outcome.fault() == Fault.ABNORMAL_TERMINATION) {
            return; // a restart: the stop is expected, its waiters wait for the new start
        }
        if (!startWaiters.isEmpty()) {
            List<CompletableFuture<Outcome>> waiting = List.copyOf(startWaiters);
            startWaiters.clear();
            waiting.forEach(f -> f.complete(outcome));
        }
    }

    private void moveTo(ProcessState next) {
        ProcessState from = state;
        state = next;
        ProcessSnapshot snap = snapshot();
        publish.accept(snap);
        emit.accept(new EngineEvent.StateChanged(from, next, snap));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Drops everything still waiting on this process: it is being removed or the engine stops. */
    void abandon(Fault fault, String message) {
        cancelTimer();
        completeStart(Outcome.fault(name(), fault, message));
        afterStopped();
    }

    /** Whether an exit from RUNNING, expected or not, is followed by a restart. */
    static boolean restartsAfter(AutoRestart policy, boolean expected) {
        return switch (policy) {
            case TRUE -> true;
            case FALSE -> false;
            case UNEXPECTED -> !expected;
        };
    }
}
