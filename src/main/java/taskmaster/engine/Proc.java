package taskmaster.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import taskmaster.engine.ProcEvent.Autostart;
import taskmaster.engine.ProcEvent.DependenciesChanged;
import taskmaster.engine.ProcEvent.DependencyFailed;
import taskmaster.engine.ProcEvent.Exit;
import taskmaster.engine.ProcEvent.FatalRetryDue;
import taskmaster.engine.ProcEvent.Forget;
import taskmaster.engine.ProcEvent.Halt;
import taskmaster.engine.ProcEvent.Notified;
import taskmaster.engine.ProcEvent.ProbeDue;
import taskmaster.engine.ProcEvent.Probed;
import taskmaster.engine.ProcEvent.Purpose;
import taskmaster.engine.ProcEvent.ReadyTimeUp;
import taskmaster.engine.ProcEvent.Relaunch;
import taskmaster.engine.ProcEvent.Restart;
import taskmaster.engine.ProcEvent.Restore;
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
import taskmaster.engine.ProcEvent.Usage;
import taskmaster.engine.ProcEvent.WatchdogTimeUp;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.WantedSource;
import taskmaster.model.AutoRestart;
import taskmaster.model.Check;
import taskmaster.model.HealthCheck;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Readiness;
import taskmaster.model.RestartPolicy;
import taskmaster.model.Signal;
import taskmaster.model.UsageLimits;

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

    /** A tcp, http or exec readiness check is asked again this long after its last answer, until it succeeds. */
    static final long READY_POLL_MS = 1000;

    /** A readiness probe not answered within this long has failed (and is asked again). */
    static final long READY_PROBE_TIMEOUT_MS = 5000;

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
    /** Where {@link #operatorWants} comes from: OPERATOR or PERSISTED; CONFIG while it is null. */
    private WantedSource wantedSource = WantedSource.CONFIG;
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
    /** Failed starts in a row; reset by RUNNING (but see {@link #limitHeld}) and by every start asked for. */
    private int backoff;
    /** The restarts from RUNNING within the restart limit's window. */
    private final RestartWindow restartWindow = new RestartWindow();
    /**
     * The last failed start was a restart the limit held back. RUNNING does not reset the count
     * then: with starttime 0 every spawn is RUNNING at once, and a crash loop would never reach FATAL.
     * The next restart the limit allows does.
     */
    private boolean limitHeld;

    private Loop.Timer timer;
    /**
     * The dependencies a spawn waits for: not empty only while it is wanted, down, and held by
     * them; the engine asks it to look again when any process changes state.
     */
    private List<String> waitingFor = List.of();

    // ---- the checks of the current spawn (reset by each spawn and when it leaves STARTING/RUNNING) ----
    private final CheckHandles handles = new CheckHandles();
    /** Its readiness check succeeded, or it has none. */
    private boolean ready;
    /** Its start time passed while it was STARTING. */
    private boolean startTimePassed;
    /** Why its start failed while the child still lives (not ready in time): it is being stopped. */
    private String abandoned;
    /** Monotonic ms at which it has not been ready for too long; 0: no limit. */
    private long readyDeadline;
    /** The last readiness probe's message, for the timeout's reason. */
    private String lastReadyMessage = "";
    /** Count the probe runs: an answer of an earlier run (or spawn) is dropped. */
    private int readyRun;

    private int healthRun;
    /** Monotonic ms by which the next WATCHDOG=1 is due. */
    private long watchdogDeadline;

    private HealthStatus health = HealthStatus.NONE;
    private String statusText = "";
    /** Samples in a row of the current spawn over {@code memory_limit}, and over {@code cpu_limit}. */
    private int overMemory;

    private int overCpu;

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
                wantedSource,
                health,
                statusText,
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

    CompletableFuture<Outcome> forget() {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        on(new Forget(f));
        return f;
    }

    CompletableFuture<Outcome> signal(Signal sig) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        on(new SendSignal(sig, f));
        return f;
    }

    /** A resource sample of this process's group, from the loop: held to its usage limits. */
    void usage(UsageSample sample) {
        on(new Usage(sample));
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
                want(true);
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
                want(true);
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
                want(false);
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
                        } else if (state == ProcessState.FATAL && timer != null) {
                            // As systemd's stop of a unit waiting to restart: it stays down, FATAL, with no retry.
                            cancelTimer();
                            publish.accept(snapshot()); // no longer wanted
                            reply(reply, Outcome.ok(name(), "stopped (its fatal_retry is called off)"));
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
            case Restore(var wanted) -> {
                operatorWants = wanted;
                wantedSource = WantedSource.PERSISTED;
                publish.accept(snapshot());
                yield state;
            }
            case Forget(var reply) -> {
                boolean wasWanted = wanted();
                boolean had = operatorWants != null;
                operatorWants = null;
                wantedSource = WantedSource.CONFIG;
                if (had) {
                    publish.accept(snapshot());
                    emit.accept(new EngineEvent.IntentChanged(name(), WantedSource.CONFIG, wanted()));
                }
                reply(reply, Outcome.ok(name(), had ? "forgotten" : "nothing to forget"));
                yield halted || wanted() == wasWanted ? state : followWanted();
            }
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
                int wasFatalRetry = spec.lifecycle().restart().fatalRetrySeconds();
                if (pendingSpec != null) {
                    pendingSpec = next; // the relaunch under way takes the newest spec
                } else {
                    ProcessSpec before = spec;
                    takeSpec(next);
                    checksChanged(before);
                    limitsChanged(before);
                }
                if (state == ProcessState.FATAL
                        && (wanted() != wasWanted || spec.lifecycle().restart().fatalRetrySeconds() != wasFatalRetry)) {
                    armFatalRetry(); // the new fatal_retry counts from now
                }
                if (halted || wanted() == wasWanted) {
                    yield state;
                }
                // autostart changed and the operator never said otherwise: it is what is wanted now.
                yield followWanted();
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
                        if (state == ProcessState.FATAL) {
                            cancelTimer(); // no fatal_retry
                        }
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
                    case STARTING -> {
                        if (gen != generation) {
                            yield state;
                        }
                        startTimePassed = true;
                        yield ready && abandoned == null ? enterRunning() : state;
                    }
                    case RUNNING, BACKOFF, STOPPING, STOPPED, EXITED, FATAL -> state;
                };
            case Notified(var gen, var notice) ->
                switch (state) {
                    case STARTING, RUNNING -> gen == generation ? notified(notice) : state;
                    // The watch was called off when it left; this one was on its way.
                    case BACKOFF, STOPPING, STOPPED, EXITED, FATAL -> state;
                };
            case ProbeDue(var gen, var run, var purpose) -> {
                if (gen != generation) {
                    yield state;
                }
                yield switch (state) {
                    case STARTING -> {
                        if (purpose == Purpose.READY && run == readyRun && !ready && abandoned == null) {
                            probe(Purpose.READY);
                        }
                        yield state;
                    }
                    case RUNNING -> {
                        if (purpose == Purpose.HEALTH && run == healthRun) {
                            probe(Purpose.HEALTH);
                        }
                        yield state;
                    }
                    case BACKOFF, STOPPING, STOPPED, EXITED, FATAL -> state;
                };
            }
            case Probed(var gen, var run, var purpose, var result) -> {
                if (gen != generation) {
                    yield state;
                }
                yield switch (state) {
                    case STARTING ->
                        purpose == Purpose.READY && run == readyRun && !ready && abandoned == null
                                ? readyProbed(result)
                                : state;
                    case RUNNING -> purpose == Purpose.HEALTH && run == healthRun ? healthProbed(result) : state;
                    case BACKOFF, STOPPING, STOPPED, EXITED, FATAL -> state;
                };
            }
            case ReadyTimeUp(var gen) ->
                switch (state) {
                    case STARTING ->
                        gen == generation && !ready && abandoned == null && readyDeadline > 0 ? readyTimeUp() : state;
                    case RUNNING, BACKOFF, STOPPING, STOPPED, EXITED, FATAL -> state;
                };
            case WatchdogTimeUp(var gen) ->
                switch (state) {
                    case RUNNING -> gen == generation ? watchdogTimeUp() : state;
                    case STARTING, BACKOFF, STOPPING, STOPPED, EXITED, FATAL -> state;
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
            case FatalRetryDue() ->
                switch (state) {
                    case FATAL -> {
                        timer = null;
                        if (halted || !wanted()) {
                            yield state;
                        }
                        emit.accept(new EngineEvent.FatalRetry(
                                name(), spec.lifecycle().restart().fatalRetrySeconds()));
                        restarts++;
                        yield freshSpawn();
                    }
                    case STARTING, RUNNING, BACKOFF, STOPPING, STOPPED, EXITED -> state;
                };
            case StopTimeUp() ->
                switch (state) {
                    case STOPPING -> killAgain();
                    // Not ready in time: stopped while STARTING, its start failed once it is gone.
                    case STARTING -> abandoned != null ? killAgain() : state;
                    case RUNNING, BACKOFF, STOPPED, EXITED, FATAL -> state;
                };
            case Usage(var sample) ->
                switch (state) {
                    case RUNNING -> sample.pid() == pid ? usageSampled(sample) : state;
                    // Only a RUNNING process is held to its limits: a start may take what it needs.
                    case STARTING, BACKOFF, STOPPING, STOPPED, EXITED, FATAL -> state;
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

    /**
     * What is wanted changed without an operator's start or stop (autostart changed, or the
     * operator's word was forgotten): up or down accordingly. FATAL stays FATAL, as after a reload.
     */
    private ProcessState followWanted() {
        return wanted()
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

    /** An operator's start or stop: his word from now on, told to whoever keeps it across restarts. */
    private void want(boolean up) {
        boolean changed = operatorWants == null || operatorWants != up;
        boolean sourceChanged = wantedSource != WantedSource.OPERATOR;
        operatorWants = up;
        wantedSource = WantedSource.OPERATOR;
        if (changed || sourceChanged) {
            publish.accept(snapshot());
        }
        if (changed) {
            emit.accept(new EngineEvent.IntentChanged(name(), WantedSource.OPERATOR, up));
        }
    }

    /** Repeated while the child lives, as supervisord does, but never in a busy loop. */
    private ProcessState killAgain() {
        launcher.signal(pid, Signal.KILL, spec.killAsGroup());
        emit.accept(new EngineEvent.Killed(name(), pid, spec.stopSeconds()));
        timer = loop.schedule(Math.max(spec.stopSeconds() * 1000L, KILL_REPEAT_FLOOR_MS), () -> on(new StopTimeUp()));
        return state;
    }

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
                cancelTimer(); // a FATAL's retry: what follows is decided anew
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
                cancelTimer(); // a FATAL's retry
                complete(done);
                yield state;
            }
        };
    }

    /** A start asked for (by the operator or a configuration): the retry count starts afresh. */
    private ProcessState freshSpawn() {
        backoff = 0;
        limitHeld = false;
        restartWindow.clear();
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
        stopChecks();
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
            startReadiness();
            startTimePassed = spec.startSeconds() <= 0;
            if (startTimePassed) {
                return ready ? enterRunning() : state;
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
        if (!limitHeld) {
            backoff = 0;
        }
        // A check costs nothing once it has succeeded; notify's socket stays for STATUS=, WATCHDOG=1, STOPPING=1.
        handles.readinessDone(readiness().check() instanceof Check.Notify);
        readyRun++;
        startHealth();
        armWatchdog();
        moveTo(ProcessState.RUNNING);
        emit.accept(new EngineEvent.Started(name(), pid, spec.startSeconds()));
        answerStart(Outcome.ok(name(), "started"));
        return state;
    }

    private ProcessState exitWhileStarting(ExitStatus status) {
        boolean upLongEnough = startTimePassed || loop.now() - startMono >= spec.startSeconds() * 1000L;
        if (abandoned == null && ready && upLongEnough) {
            // Up for its whole start time; the timer had just not run yet.
            enterRunning();
            return exitWhileRunning(status);
        }
        long oldPid = pid;
        ended(status);
        emit.accept(new EngineEvent.Exited(name(), oldPid, status, false, ProcessState.STARTING));
        String why = abandoned != null
                ? abandoned
                : ready
                        ? "Exited too quickly (" + status.describe() + ")"
                        : "Exited before it was ready (" + status.describe() + ")";
        return failedStart(why);
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
            limitHeld = false;
            moveTo(ProcessState.FATAL);
            answerStart(Outcome.fault(name(), Fault.SPAWN_ERROR, reason));
            wentDown();
            armFatalRetry();
            essentialDown(reason);
            return state;
        }
        long delay = RetryDelays.seconds(spec.lifecycle().restart(), backoff);
        emit.accept(new EngineEvent.Backoff(name(), delay, backoff + 1, attempts));
        timer = loop.schedule(delay * 1000L, () -> on(new RetryDue()));
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
            RestartPolicy policy = spec.lifecycle().restart();
            if (!restartWindow.allow(loop.now(), policy.restartLimit(), policy.restartWindowSeconds() * 1000L)) {
                emit.accept(
                        new EngineEvent.RestartLimitHit(name(), policy.restartLimit(), policy.restartWindowSeconds()));
                limitHeld = true;
                return failedStart("restarted " + policy.restartLimit() + " times within "
                        + policy.restartWindowSeconds() + " s (restart_limit)");
            }
            if (limitHeld) {
                // The window has room again: the crash loop is over, its failed starts are forgotten.
                limitHeld = false;
                backoff = 0;
            }
            restarts++;
            return spawnWhenClear();
        }
        wentDown();
        essentialDown(status.describe() + (expected ? "; expected" : "; not expected") + ", not restarted");
        return state;
    }

    /** An essential process is down for good (but not when the daemon brings it down itself). */
    private void essentialDown(String reason) {
        if (spec.lifecycle().restart().essential() && !halted) {
            emit.accept(new EngineEvent.EssentialDown(name(), state, reason));
        }
    }

    /** In FATAL: the retry {@code fatal_retry} asks for, if any, from now. */
    private void armFatalRetry() {
        cancelTimer();
        int seconds = spec.lifecycle().restart().fatalRetrySeconds();
        if (seconds > 0 && wanted() && !halted) {
            timer = loop.schedule(seconds * 1000L, () -> on(new FatalRetryDue()));
        }
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
        limitHeld = false;
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
        if (next != ProcessState.STARTING && next != ProcessState.RUNNING) {
            // No child or one on its way out: nothing of its checks may outlive this.
            stopChecks();
        }
        ProcessSnapshot snap = snapshot();
        publish.accept(snap);
        emit.accept(new EngineEvent.StateChanged(from, next, snap));
    }

    // ---- checks ----

    private Readiness readiness() {
        return spec.lifecycle().readiness();
    }

    private HealthCheck healthCheck() {
        return spec.lifecycle().health();
    }

    /** Right after a spawn, in STARTING: watch what it pushes, or begin asking; arm the ready timeout. */
    private void startReadiness() {
        abandoned = null;
        lastReadyMessage = "";
        Check check = readiness().check();
        ready = check == null;
        readyDeadline = 0;
        if (check == null) {
            return;
        }
        beginReadyRun(check);
        if (readiness().timeoutSeconds() > 0) {
            readyDeadline = startMono + readiness().timeoutSeconds() * 1000L;
            armReadyTimeout();
        }
    }

    /** Watches or asks {@code check} afresh; what an earlier run still sends is dropped. */
    private void beginReadyRun(Check check) {
        ++readyRun;
        int gen = generation;
        if (check.pushed()) {
            handles.watch(watchFor(check, gen));
        } else {
            probe(Purpose.READY); // its answer comes through the loop, never inside this step
        }
    }

    private Checks.Watch watchFor(Check check, int gen) {
        try {
            return checks.watch(spec, pid, check, notice -> loop.execute(() -> on(new Notified(gen, notice))));
        } catch (RuntimeException e) {
            // Never expected; the ready timeout then fails the start, with the reason in the log.
            lastReadyMessage = "cannot watch " + check.describe() + ": " + e;
            return () -> {};
        }
    }

    private void armReadyTimeout() {
        int gen = generation;
        handles.readyTimeout(loop.schedule(Math.max(0, readyDeadline - loop.now()), () -> on(new ReadyTimeUp(gen))));
    }

    /** One probe for {@code purpose}; its answer comes back to the loop as {@link Probed}. */
    private void probe(Purpose purpose) {
        Check check =
                purpose == Purpose.READY ? readiness().check() : healthCheck().check();
        long timeout = purpose == Purpose.READY
                ? READY_PROBE_TIMEOUT_MS
                : healthCheck().timeoutSeconds() * 1000L;
        int gen = generation;
        int run = purpose == Purpose.READY ? readyRun : healthRun;
        CompletableFuture<CheckResult> answer;
        try {
            answer = checks.probe(spec, pid, check, timeout);
        } catch (RuntimeException e) {
            answer = CompletableFuture.completedFuture(CheckResult.failed("cannot check: " + e));
        }
        answer.whenComplete((result, error) -> {
            CheckResult r = result != null
                    ? result
                    : CheckResult.failed(error == null ? "no answer" : "cannot check: " + error);
            loop.execute(() -> on(new Probed(gen, run, purpose, r)));
        });
    }

    private ProcessState readyProbed(CheckResult result) {
        if (result.ok()) {
            return becameReady();
        }
        lastReadyMessage = result.message();
        int gen = generation;
        int run = readyRun;
        handles.readyProbe(loop.schedule(READY_POLL_MS, () -> on(new ProbeDue(gen, run, Purpose.READY))));
        return state;
    }

    private ProcessState becameReady() {
        ready = true;
        handles.readinessDone(readiness().check() instanceof Check.Notify);
        readyRun++;
        Check check = readiness().check();
        emit.accept(new EngineEvent.Ready(
                name(), pid, check == null ? "none (a reload dropped it)" : check.describe(), loop.now() - startMono));
        return startTimePassed || loop.now() - startMono >= spec.startSeconds() * 1000L ? enterRunning() : state;
    }

    /** Not ready in time: the start failed, and the child is stopped first (BACKOFF has none). */
    private ProcessState readyTimeUp() {
        long seconds = Math.round((readyDeadline - startMono) / 1000.0);
        abandoned = "not ready within " + seconds + " s"
                + (lastReadyMessage.isEmpty() ? "" : " (last check: " + lastReadyMessage + ")");
        spawnError = abandoned;
        emit.accept(new EngineEvent.NotReady(name(), pid, seconds, lastReadyMessage));
        handles.cancelAll();
        readyRun++;
        cancelTimer();
        launcher.signal(pid, spec.stopSignal(), spec.stopAsGroup());
        emit.accept(new EngineEvent.StopRequested(name(), pid, spec.stopSignal(), spec.stopAsGroup()));
        timer = loop.schedule(spec.stopSeconds() * 1000L, () -> on(new StopTimeUp()));
        publish.accept(snapshot());
        return state;
    }

    private ProcessState notified(Notice notice) {
        switch (notice) {
            case Notice.Ready r -> {
                if (state == ProcessState.STARTING && !ready && abandoned == null) {
                    return becameReady();
                }
            }
            case Notice.Status(var text) -> {
                statusText = text;
                emit.accept(new EngineEvent.Notified(name(), pid, notice));
                publish.accept(snapshot());
            }
            case Notice.Watchdog w -> {
                if (state == ProcessState.RUNNING) {
                    armWatchdog();
                }
            }
            case Notice.ExtendTimeout(var micros) -> {
                emit.accept(new EngineEvent.Notified(name(), pid, notice));
                // As systemd: the start may last until then, but never less than its own timeout.
                if (state == ProcessState.STARTING && !ready && abandoned == null && readyDeadline > 0) {
                    readyDeadline = Math.max(readyDeadline, loop.now() + Math.max(0, micros) / 1000);
                    armReadyTimeout();
                }
            }
            case Notice.Stopping s -> {
                emit.accept(new EngineEvent.Notified(name(), pid, notice));
                statusText = statusText.isEmpty() ? "stopping" : statusText + " (stopping)";
                publish.accept(snapshot());
            }
            case Notice.MainPid m -> emit.accept(new EngineEvent.Notified(name(), pid, notice));
        }
        return state;
    }

    /** A new RUNNING: its health is unknown until the first check, one interval from now. */
    private void startHealth() {
        healthRun++;
        handles.healthDone();
        HealthCheck hc = healthCheck();
        if (hc.check() == null) {
            health = HealthStatus.NONE;
            return;
        }
        health = new HealthStatus(Health.UNKNOWN, 0, false, "", 0);
        scheduleHealthProbe();
    }

    private void scheduleHealthProbe() {
        int gen = generation;
        int run = healthRun;
        handles.healthProbe(loop.schedule(
                healthCheck().intervalSeconds() * 1000L, () -> on(new ProbeDue(gen, run, Purpose.HEALTH))));
    }

    private ProcessState healthProbed(CheckResult result) {
        HealthStatus before = health;
        int failures = result.ok() ? 0 : before.failures() + 1;
        health = new HealthStatus(
                result.ok() ? Health.HEALTHY : Health.UNHEALTHY,
                loop.wallClock(),
                result.ok(),
                result.message(),
                failures);
        int retries = healthCheck().retries();
        if (!result.ok() || before.health() != health.health()) {
            emit.accept(new EngineEvent.HealthChecked(name(), pid, health, retries));
        }
        publish.accept(snapshot());
        if (!result.ok() && failures >= retries) {
            emit.accept(new EngineEvent.Unhealthy(name(), pid, failures, result.message()));
            restarts++;
            // Still wanted: the stop's end starts it again.
            return sendStop();
        }
        scheduleHealthProbe();
        return state;
    }

    private void armWatchdog() {
        Readiness r = readiness();
        if (!(r.check() instanceof Check.Notify) || r.watchdogSeconds() <= 0) {
            return;
        }
        watchdogDeadline = loop.now() + r.watchdogSeconds() * 1000L;
        int gen = generation;
        handles.watchdog(loop.schedule(r.watchdogSeconds() * 1000L, () -> on(new WatchdogTimeUp(gen))));
    }

    private ProcessState watchdogTimeUp() {
        if (loop.now() < watchdogDeadline) {
            return state; // a WATCHDOG=1 came meanwhile and re-armed it
        }
        emit.accept(new EngineEvent.WatchdogExpired(name(), pid, readiness().watchdogSeconds()));
        restarts++;
        return sendStop();
    }

    // ---- usage limits ----

    /**
     * A sample of the current spawn while RUNNING: over a limit for the window restarts it, as a
     * failed health check does. A figure that could not be read (negative) neither counts nor resets.
     */
    private ProcessState usageSampled(UsageSample sample) {
        UsageLimits limits = spec.resources().limits();
        overMemory = overCount(overMemory, limits.memoryBytes(), sample.rssBytes());
        overCpu = overCount(overCpu, limits.cpuPercent(), sample.cpuPercent());
        EngineEvent.LimitExceeded.Limit kind;
        double observed;
        double limit;
        int samples;
        if (overMemory >= limits.window()) {
            kind = EngineEvent.LimitExceeded.Limit.MEMORY;
            observed = sample.rssBytes();
            limit = limits.memoryBytes();
            samples = overMemory;
        } else if (overCpu >= limits.window()) {
            kind = EngineEvent.LimitExceeded.Limit.CPU;
            observed = sample.cpuPercent();
            limit = limits.cpuPercent();
            samples = overCpu;
        } else {
            return state;
        }
        emit.accept(new EngineEvent.LimitExceeded(name(), pid, kind, observed, limit, samples));
        restarts++;
        // Still wanted: the stop's end starts it again.
        return sendStop();
    }

    private static int overCount(int count, double limit, double observed) {
        if (limit <= 0) {
            return 0;
        }
        if (observed < 0) {
            return count;
        }
        return observed > limit ? count + 1 : 0;
    }

    /** A reload changed a usage limit in place: the samples in a row count against the new one from now. */
    private void limitsChanged(ProcessSpec before) {
        UsageLimits was = before.resources().limits();
        UsageLimits now = spec.resources().limits();
        if (was.memoryBytes() != now.memoryBytes()) {
            overMemory = 0;
        }
        if (was.cpuPercent() != now.cpuPercent()) {
            overCpu = 0;
        }
    }

    /** A reload changed the checks in place (notify and fd are part of the launch, so never these). */
    private void checksChanged(ProcessSpec before) {
        Readiness was = before.lifecycle().readiness();
        Readiness now = readiness();
        if (state == ProcessState.STARTING && !ready && abandoned == null && !was.equals(now)) {
            if (!Objects.equals(was.check(), now.check())) {
                handles.readinessDone(false);
                if (now.check() == null) {
                    becameReady();
                    return;
                }
                beginReadyRun(now.check());
            }
            readyDeadline = now.timeoutSeconds() > 0 ? startMono + now.timeoutSeconds() * 1000L : 0;
            if (readyDeadline > 0) {
                armReadyTimeout();
            } else {
                handles.readyTimeout(null);
            }
        }
        if (state == ProcessState.RUNNING && !before.lifecycle().health().equals(healthCheck())) {
            startHealth();
            publish.accept(snapshot());
        }
    }

    /** Nothing of the checks of the spawn that was outlives it. */
    private void stopChecks() {
        handles.cancelAll();
        readyRun++;
        healthRun++;
        health = HealthStatus.NONE;
        statusText = "";
        overMemory = 0;
        overCpu = 0;
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
