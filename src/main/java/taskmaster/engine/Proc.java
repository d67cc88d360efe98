package taskmaster.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import taskmaster.engine.ProcEvent.Autostart;
import taskmaster.engine.ProcEvent.DependenciesChanged;
import taskmaster.engine.ProcEvent.DependencyFailed;
import taskmaster.engine.ProcEvent.Exit;
import taskmaster.engine.ProcEvent.Halt;
import taskmaster.engine.ProcEvent.Relaunch;
import taskmaster.engine.ProcEvent.Restart;
import taskmaster.engine.ProcEvent.Retire;
import taskmaster.engine.ProcEvent.RetryDue;
import taskmaster.engine.ProcEvent.Revive;
import taskmaster.engine.ProcEvent.SendSignal;
import taskmaster.engine.ProcEvent.ShutdownBegan;
import taskmaster.engine.ProcEvent.Start;
import taskmaster.engine.ProcEvent.StartTimeUp;
import taskmaster.engine.ProcEvent.Stop;
import taskmaster.engine.ProcEvent.StopTimeUp;
import taskmaster.engine.ProcEvent.Update;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.WantedSource;
import taskmaster.model.AutoRestart;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * One supervised process: its spec, what is wanted of it, its observed state, and the one
 * transition function that moves it. Every command is a {@link ProcEvent} handed to
 * {@link #on(ProcEvent)}; nothing else changes the machine's fields. Everything here runs on the loop
 * thread; other threads see it only through the {@link ProcessSnapshot} it publishes.
 *
 * <p>Futures are completed only after an event has been handled in full, and an event raised by
 * their continuations waits in the inbox until then: a continuation can never act on a machine
 * caught half-way through a transition (a start answered while a reload's stop completed once spawned the process twice that way).
 */
final class Proc {

    /**
     * A SIGKILL that did not take (a child stuck in the kernel) is sent again at this interval at
     * the shortest, so {@code stoptime = 0} means one SIGKILL at once, not a busy loop of them.
     */
    static final long KILL_REPEAT_FLOOR_MS = 1000;

    private final Loop loop;
    private final Launcher launcher;
    private final Checks checks;
    private final Consumer<EngineEvent> emit;
    private final Consumer<ProcessSnapshot> publish;
    /** The dependencies (as written) of a spec that are not up yet; empty: it may be spawned. */
    private final Function<ProcessSpec, List<String>> gate;

    // ---- desired state ----
    private ProcessSpec spec;
    /** The spec a relaunch takes once the current child is down; null when none is pending. */
    private ProcessSpec pendingSpec;
    /** The operator's last word (start: true, stop: false); null until then, and autostart rules. */
    private Boolean operatorWants;
    /**
     * Nothing spawns any more: the daemon shuts down or the process is being removed. Otherwise a
     * completed stop is followed by a start exactly when the process is still wanted: that one
     * rule serves a restart, a start asked for while stopping, and a reload's relaunch alike.
     */
    private boolean halted;

    // ---- observed state ----
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

    private Loop.Timer timer;
    /**
     * The dependencies a spawn waits for: not empty only while it is wanted, down, and held by
     * them; the engine asks it to look again when any process changes state.
     */
    private List<String> waitingFor = List.of();

    // ---- who waits ----
    private final List<CompletableFuture<Outcome>> startWaiters = new ArrayList<>();
    private final List<CompletableFuture<Outcome>> stopWaiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> downWaiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> relaunchWaiters = new ArrayList<>();

    private final ArrayDeque<ProcEvent> inbox = new ArrayDeque<>();
    private final ArrayDeque<Runnable> completions = new ArrayDeque<>();
    private boolean dispatching;

    Proc(
            ProcessSpec spec,
            Loop loop,
            Launcher launcher,
            Checks checks,
            Consumer<EngineEvent> emit,
            Consumer<ProcessSnapshot> publish,
            Function<ProcessSpec, List<String>> gate) {
        this.gate = gate;
        this.spec = spec;
        this.loop = loop;
        this.launcher = launcher;
        this.checks = checks;
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

    /** Wanted up, yet held until its dependencies are. */
    boolean waiting() {
        return !waitingFor.isEmpty();
    }

    ProcessSnapshot snapshot() {
        return new ProcessSnapshot(
                spec.name(),
                spec.program(),
                spec.group(),
                state,
                pid,
                startWall,
                stopWall,
                startMono,
                lastExit,
                restarts,
                spawnError,
                wanted(),
                operatorWants == null ? WantedSource.CONFIG : WantedSource.OPERATOR,
                HealthStatus.NONE,
                "",
                waitingFor);
    }

    // ---- commands: each one event ----

    CompletableFuture<Outcome> start() {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        on(new Start(f));
        return f;
    }

    CompletableFuture<Outcome> stop() {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        on(new Stop(f));
        return f;
    }

    CompletableFuture<Outcome> restart() {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        on(new Restart(f));
        return f;
    }

    CompletableFuture<Outcome> signal(Signal sig) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        on(new SendSignal(sig, f));
        return f;
    }

    /** Hands an event to the transition function; events raised meanwhile wait their turn. */
    void on(ProcEvent event) {
        inbox.add(event);
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            ProcEvent next;
            while ((next = inbox.poll()) != null) {
                try {
                    transition(next);
                } finally {
                    // Even after an internal error, nobody is left waiting on what was decided.
                    Runnable r;
                    while ((r = completions.poll()) != null) {
                        r.run();
                    }
                }
            }
        } finally {
            dispatching = false;
        }
    }

    /** Called by the launcher's reaper, from any thread. */
    private Consumer<ExitStatus> exitHandler(int gen) {
        return status -> loop.execute(() -> on(new Exit(gen, status)));
    }

    // ---- the transition function ----

    /**
     * The one function over (state, event). Every branch is a switch expression, so the compiler
     * checks that each pair is decided; each yields the state the machine is left in, checked
     * against the state actually reached.
     */
    private void transition(ProcEvent event) {
        ProcessState after = switch (event) {
            case Start(var reply) -> {
                if (halted) {
                    yield refuse(reply);
                }
                operatorWants = true;
                yield switch (state) {
                    case STOPPED, EXITED, FATAL -> {
                        startWaiters.add(reply);
                        yield freshSpawn();
                    }
                    case STARTING, RUNNING, BACKOFF -> {
                        reply(reply, Outcome.fault(name(), Fault.ALREADY_STARTED, name() + " is already " + state));
                        yield state;
                    }
                    case STOPPING -> {
                        startWaiters.add(reply); // wanted now: the stop's end starts it
                        yield state;
                    }
                };
            }
            case Restart(var reply) -> {
                if (halted) {
                    yield refuse(reply);
                }
                operatorWants = true;
                yield switch (state) {
                    case STOPPED, EXITED, FATAL -> {
                        startWaiters.add(reply);
                        yield freshSpawn();
                    }
                    case STARTING, RUNNING -> {
                        ProcessState stopping = sendStop();
                        startWaiters.add(reply);
                        yield stopping;
                    }
                    case STOPPING -> {
                        startWaiters.add(reply);
                        yield state;
                    }
                    case BACKOFF -> {
                        // No child to stop: the retry is called off and a start counts afresh.
                        leaveBackoff();
                        startWaiters.add(reply);
                        yield freshSpawn();
                    }
                };
            }
            case Stop(var reply) -> {
                operatorWants = false;
                yield switch (state) {
                    case STARTING, RUNNING -> {
                        stopWaiters.add(reply);
                        yield sendStop();
                    }
                    case STOPPING -> {
                        stopWaiters.add(reply);
                        failStartWaiters(Fault.ABNORMAL_TERMINATION, name() + " was stopped before it started");
                        yield state;
                    }
                    case BACKOFF -> {
                        // The retry count starts afresh (supervisord keeps it, so a later start
                        // got a single attempt; see supervisord.md E12).
                        leaveBackoff();
                        failStartWaiters(Fault.ABNORMAL_TERMINATION, name() + " was stopped before it started");
                        reply(reply, Outcome.ok(name(), "stopped"));
                        yield state;
                    }
                    case STOPPED, EXITED, FATAL -> {
                        if (waiting()) {
                            // Its start is called off: it no longer waits for its dependencies.
                            endWait(Fault.ABNORMAL_TERMINATION, name() + " was stopped before it started");
                            reply(reply, Outcome.ok(name(), "stopped"));
                        } else {
                            reply(
                                    reply,
                                    Outcome.fault(
                                            name(), Fault.NOT_RUNNING, name() + " is not running (" + state + ")"));
                        }
                        yield state;
                    }
                };
            }
            case DependenciesChanged() ->
                switch (state) {
                    case STOPPED, EXITED, FATAL -> waiting() && wanted() && !halted ? spawnWhenClear() : state;
                    case STARTING, RUNNING, BACKOFF, STOPPING -> state;
                };
            case DependencyFailed(var why) -> {
                if (waiting()) {
                    failStartWaiters(
                            Fault.DEPENDENCY_FAILED,
                            name() + " is waiting for " + String.join(", ", waitingFor) + ", and " + why);
                }
                yield state;
            }
            case SendSignal(var sig, var reply) ->
                switch (state) {
                    case STARTING, RUNNING, STOPPING -> {
                        if (launcher.signal(pid, sig, false)) {
                            emit.accept(new EngineEvent.Signalled(name(), pid, sig));
                            reply(reply, Outcome.ok(name(), "signalled"));
                        } else {
                            reply(reply, Outcome.fault(name(), Fault.NOT_RUNNING, name() + " is already gone"));
                        }
                        yield state;
                    }
                    case STOPPED, EXITED, FATAL, BACKOFF -> {
                        reply(
                                reply,
                                Outcome.fault(name(), Fault.NOT_RUNNING, name() + " is not running (" + state + ")"));
                        yield state;
                    }
                };
            case Autostart() ->
                switch (state) {
                    case STOPPED, EXITED -> wanted() && !halted ? freshSpawn() : state;
                    case FATAL, STARTING, RUNNING, BACKOFF, STOPPING -> state;
                };
            case Relaunch(var next, var done) -> relaunch(next, done);
            case Revive(var next, var done) -> {
                halted = false;
                yield relaunch(next, done);
            }
            case Update(var next) -> {
                boolean wasWanted = wanted();
                if (pendingSpec != null) {
                    pendingSpec = next; // the relaunch under way takes the newest spec
                } else {
                    takeSpec(next);
                }
                if (halted || wanted() == wasWanted) {
                    yield state;
                }
                // autostart changed and the operator never said otherwise: it is what is wanted now.
                yield wanted()
                        ? switch (state) {
                            case STOPPED, EXITED -> freshSpawn();
                            case FATAL, STARTING, RUNNING, BACKOFF, STOPPING -> state;
                        }
                        : switch (state) {
                            case STARTING, RUNNING -> sendStop();
                            case BACKOFF -> {
                                leaveBackoff();
                                yield state;
                            }
                            case STOPPED, EXITED, FATAL, STOPPING -> state;
                        };
            }
            case Retire(var done) -> {
                halted = true;
                pendingSpec = null;
                yield bringDown(done);
            }
            case ShutdownBegan() -> {
                halted = true;
                yield switch (state) {
                    case BACKOFF -> {
                        leaveBackoff();
                        failStartWaiters(Fault.SHUTTING_DOWN, "the daemon is shutting down");
                        yield state;
                    }
                    case STOPPED, EXITED, FATAL -> {
                        endWait(Fault.SHUTTING_DOWN, "the daemon is shutting down");
                        yield state;
                    }
                    case STARTING, RUNNING, STOPPING -> state;
                };
            }
            case Halt(var done) -> bringDown(done);
            case Exit(var gen, var status) -> {
                if (gen != generation || pid == 0) {
                    yield state; // an earlier incarnation, already dealt with
                }
                yield switch (state) {
                    case STARTING -> exitWhileStarting(status);
                    case RUNNING -> exitWhileRunning(status);
                    case STOPPING -> exitWhileStopping(status);
                    case BACKOFF, STOPPED, EXITED, FATAL -> state; // no live pid in these states
                };
            }
            case StartTimeUp(var gen) ->
                switch (state) {
                    case STARTING -> gen == generation ? enterRunning() : state;
                    case RUNNING, BACKOFF, STOPPING, STOPPED, EXITED, FATAL -> state;
                };
            case RetryDue() ->
                switch (state) {
                    case BACKOFF -> {
                        timer = null;
                        restarts++;
                        yield spawn();
                    }
                    case STARTING, RUNNING, STOPPING, STOPPED, EXITED, FATAL -> state;
                };
            case StopTimeUp() ->
                switch (state) {
                    case STOPPING -> {
                        // Repeated while the child lives, as supervisord does, but never in a busy loop.
                        launcher.signal(pid, Signal.KILL, spec.killAsGroup());
                        emit.accept(new EngineEvent.Killed(name(), pid, spec.stopSeconds()));
                        timer = loop.schedule(
                                Math.max(spec.stopSeconds() * 1000L, KILL_REPEAT_FLOOR_MS), () -> on(new StopTimeUp()));
                        yield state;
                    }
                    case STARTING, RUNNING, BACKOFF, STOPPED, EXITED, FATAL -> state;
                };
        };
        if (after != state) {
            throw new IllegalStateException("internal error: " + name() + " is " + state + " after " + event
                    + " but the transition function said " + after);
        }
        if (waiting() && (halted || !wanted() || !state.isDown())) {
            // No longer wanted (a reload's autostart, a removal): nothing waits any more.
            endWait(Fault.ABNORMAL_TERMINATION, name() + " was stopped before it started");
        }
    }

    // ---- actions: each returns the state it leaves the machine in ----

    /** A start of a process being removed (the engine itself refuses everything once shutting down). */
    private ProcessState refuse(CompletableFuture<Outcome> reply) {
        reply(reply, Outcome.fault(name(), Fault.BAD_NAME, name() + " is no longer configured and is being removed"));
        return state;
    }

    private ProcessState relaunch(ProcessSpec next, CompletableFuture<Void> done) {
        return switch (state) {
            case STARTING, RUNNING -> {
                pendingSpec = next;
                relaunchWaiters.add(done);
                yield sendStop();
            }
            case STOPPING -> {
                pendingSpec = next;
                relaunchWaiters.add(done);
                yield state;
            }
            case BACKOFF, STOPPED, EXITED, FATAL -> {
                if (state == ProcessState.BACKOFF) {
                    leaveBackoff();
                }
                takeSpec(next);
                complete(done);
                yield wanted() && !halted ? freshSpawn() : state;
            }
        };
    }

    /** Down now or once the child has ended; {@code done} completes then. */
    private ProcessState bringDown(CompletableFuture<Void> done) {
        return switch (state) {
            case STARTING, RUNNING -> {
                downWaiters.add(done);
                yield sendStop();
            }
            case STOPPING -> {
                downWaiters.add(done);
                yield state;
            }
            case BACKOFF -> {
                leaveBackoff();
                failStartWaiters(Fault.ABNORMAL_TERMINATION, name() + " was stopped before it started");
                complete(done);
                yield state;
            }
            case STOPPED, EXITED, FATAL -> {
                complete(done);
                yield state;
            }
        };
    }

    /** A start asked for (by the operator or a configuration): the retry count starts afresh. */
    private ProcessState freshSpawn() {
        backoff = 0;
        return spawnWhenClear();
    }

    /**
     * A spawn, or a wait for the dependencies that are not up yet. Every start waits so (asked
     * for, at autostart, a reload's, a restart's and autorestart's); the retries of a start
     * under way do not, since it already waited.
     */
    private ProcessState spawnWhenClear() {
        List<String> blockers = gate.apply(spec);
        if (blockers.isEmpty()) {
            waitingFor = List.of();
            return spawn();
        }
        if (!blockers.equals(waitingFor)) {
            waitingFor = List.copyOf(blockers);
            publish.accept(snapshot());
            emit.accept(new EngineEvent.Waiting(name(), waitingFor));
        }
        return state;
    }

    /** No longer waits for its dependencies; a start that waited is answered with {@code fault}. */
    private void endWait(Fault fault, String message) {
        if (waiting()) {
            waitingFor = List.of();
            failStartWaiters(fault, message);
            publish.accept(snapshot());
        }
    }

    private ProcessState spawn() {
        cancelTimer();
        waitingFor = List.of();
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
                return enterRunning();
            }
            timer = loop.schedule(spec.startSeconds() * 1000L, () -> on(new StartTimeUp(gen)));
            return state;
        } catch (SpawnException ex) {
            pid = 0;
            emit.accept(new EngineEvent.SpawnFailed(name(), ex.getMessage()));
            moveTo(ProcessState.STARTING);
            return failedStart(ex.getMessage());
        }
    }

    private ProcessState enterRunning() {
        cancelTimer();
        backoff = 0;
        moveTo(ProcessState.RUNNING);
        emit.accept(new EngineEvent.Started(name(), pid, spec.startSeconds()));
        answerStart(Outcome.ok(name(), "started"));
        return state;
    }

    private ProcessState exitWhileStarting(ExitStatus status) {
        if (loop.now() - startMono >= spec.startSeconds() * 1000L) {
            // Up for its whole start time; the timer had just not run yet.
            enterRunning();
            return exitWhileRunning(status);
        }
        long oldPid = pid;
        ended(status);
        emit.accept(new EngineEvent.Exited(name(), oldPid, status, false, ProcessState.STARTING));
        return failedStart("Exited too quickly (" + status.describe() + ")");
    }

    private ProcessState failedStart(String reason) {
        cancelTimer();
        // Saturates: with unlimited retries the count must not wrap to a negative delay.
        backoff = backoff == Integer.MAX_VALUE ? backoff : backoff + 1;
        spawnError = reason;
        moveTo(ProcessState.BACKOFF);
        if (halted) {
            // Shutting down or being removed: no retry, and nobody waits for one.
            backoff = 0;
            moveTo(ProcessState.STOPPED);
            answerStart(Outcome.fault(name(), Fault.SPAWN_ERROR, reason));
            wentDown();
            return state;
        }
        boolean unlimited = spec.startRetries() >= ProcessSpec.UNLIMITED_RETRIES;
        // startRetries + 1 in int would wrap at the unlimited count: it is only computed below it.
        int attempts = unlimited ? ProcessSpec.UNLIMITED_RETRIES : spec.startRetries() + 1;
        if (!unlimited && backoff >= attempts) {
            emit.accept(new EngineEvent.GaveUp(name(), attempts, reason));
            backoff = 0;
            moveTo(ProcessState.FATAL);
            answerStart(Outcome.fault(name(), Fault.SPAWN_ERROR, reason));
            wentDown();
            return state;
        }
        // Linear as supervisord: the n-th retry waits n seconds.
        emit.accept(new EngineEvent.Backoff(name(), backoff, backoff + 1, attempts));
        timer = loop.schedule(backoff * 1000L, () -> on(new RetryDue()));
        answerStart(Outcome.fault(name(), Fault.SPAWN_ERROR, reason + "; retrying"));
        return state;
    }

    private ProcessState exitWhileRunning(ExitStatus status) {
        long oldPid = pid;
        ended(status);
        boolean expected = !status.bySignal() && spec.exitCodes().contains(status.code());
        emit.accept(new EngineEvent.Exited(name(), oldPid, status, expected, ProcessState.RUNNING));
        moveTo(ProcessState.EXITED);
        if (restartsAfter(spec.autorestart(), expected) && !halted) {
            restarts++;
            return spawnWhenClear();
        }
        wentDown();
        return state;
    }

    private ProcessState exitWhileStopping(ExitStatus status) {
        long oldPid = pid;
        cancelTimer();
        ended(status);
        emit.accept(new EngineEvent.Stopped(name(), oldPid, status));
        moveTo(ProcessState.STOPPED);
        boolean relaunching = pendingSpec != null;
        if (relaunching) {
            takeSpec(pendingSpec);
            pendingSpec = null;
        }
        // One decision, one spawn at most, whoever asked for it (restart, start, reload).
        boolean again = !halted && wanted();
        completeAll(stopWaiters, Outcome.ok(name(), "stopped"));
        completeAll(downWaiters, null);
        completeAll(relaunchWaiters, null);
        if (again) {
            return freshSpawn();
        }
        failStartWaiters(Fault.ABNORMAL_TERMINATION, name() + " was stopped before it started");
        return state;
    }

    private ProcessState sendStop() {
        cancelTimer();
        // A start still waiting is answered now, even when a start follows: no operation's
        // bound grows with what is asked after it.
        failStartWaiters(Fault.ABNORMAL_TERMINATION, name() + " was stopped while starting");
        launcher.signal(pid, spec.stopSignal(), spec.stopAsGroup());
        emit.accept(new EngineEvent.StopRequested(name(), pid, spec.stopSignal(), spec.stopAsGroup()));
        moveTo(ProcessState.STOPPING);
        // stoptime = 0: SIGKILL at the loop's next turn.
        timer = loop.schedule(spec.stopSeconds() * 1000L, () -> on(new StopTimeUp()));
        return state;
    }

    /** BACKOFF to STOPPED: the retry is called off. */
    private void leaveBackoff() {
        cancelTimer();
        backoff = 0;
        moveTo(ProcessState.STOPPED);
    }

    private void takeSpec(ProcessSpec next) {
        spec = next;
        launcher.configured(next);
        publish.accept(snapshot());
    }

    private void ended(ExitStatus status) {
        pid = 0;
        lastExit = status;
        stopWall = loop.wallClock();
    }

    /** Down by itself (FATAL, EXITED with no restart): whoever waited for a stop may go on. */
    private void wentDown() {
        completeAll(stopWaiters, Outcome.ok(name(), "stopped"));
        completeAll(downWaiters, null);
        completeAll(relaunchWaiters, null);
    }

    private void answerStart(Outcome outcome) {
        completeAll(startWaiters, outcome);
    }

    private void failStartWaiters(Fault fault, String message) {
        completeAll(startWaiters, Outcome.fault(name(), fault, message));
    }

    private <T> void completeAll(List<CompletableFuture<T>> waiters, T value) {
        if (!waiters.isEmpty()) {
            List<CompletableFuture<T>> waiting = List.copyOf(waiters);
            waiters.clear();
            completions.add(() -> waiting.forEach(f -> f.complete(value)));
        }
    }

    private void reply(CompletableFuture<Outcome> f, Outcome outcome) {
        completions.add(() -> f.complete(outcome));
    }

    private void complete(CompletableFuture<Void> f) {
        completions.add(() -> f.complete(null));
    }

    private void moveTo(ProcessState next) {
        ProcessState from = state;
        if (!from.canMoveTo(next)) {
            throw new IllegalStateException("internal error: " + name() + " cannot move from " + from + " to " + next);
        }
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

    /** Whether an exit from RUNNING, expected or not, is followed by a restart. */
    static boolean restartsAfter(AutoRestart policy, boolean expected) {
        return switch (policy) {
            case TRUE -> true;
            case FALSE -> false;
            case UNEXPECTED -> !expected;
        };
    }
}
