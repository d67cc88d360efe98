package taskmaster.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessNames;
import taskmaster.mbeans.WantedSource;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * The supervisor engine: keeps every process in the state its configuration and its operator
 * ask for. All state lives on the {@link Loop}; the public methods may be called from any thread
 * and answer with futures completed on the loop. It knows nothing of JMX or of the daemon.
 */
public final class Engine {

    private static final Logger LOG = LogManager.getLogger(Engine.class);
    private static final Comparator<Proc> START_ORDER =
            Comparator.comparingInt((Proc p) -> p.spec().priority()).thenComparing(Proc::name);
    /** Removal: what starts last goes first, and within a program the highest process numbers. */
    private static final Comparator<Proc> REMOVAL_ORDER = Comparator.comparingInt(
                    (Proc p) -> p.spec().priority())
            .thenComparing(p -> p.spec().program())
            .thenComparingInt(p -> p.spec().processNum())
            .thenComparing(Proc::name)
            .reversed();

    private static final Comparator<ProcessSpec> SPEC_ORDER =
            Comparator.comparingInt(ProcessSpec::priority).thenComparing(ProcessSpec::name);

    private final Loop loop;
    private final Launcher launcher;
    private final Checks checks;
    private final EngineListener listener;
    /** Events whose listener call waits for the end of a {@link #batched} step, in order. */
    private final ArrayDeque<EngineEvent> held = new ArrayDeque<>();
    /** Depth of {@link #batched} steps under way. */
    private int batching;
    /** Owned by the loop thread. */
    private final Map<String, Proc> procs = new HashMap<>();
    /** Published copies, readable from any thread. */
    private final Map<String, ProcessSnapshot> snapshots = new ConcurrentHashMap<>();

    private volatile Configuration config;
    private volatile boolean shuttingDown;
    /** Reloads whose stops and starts are still under way; a shutdown answers them. Loop only. */
    private final Set<CompletableFuture<ReloadReport>> reloads = new HashSet<>();
    /**
     * What the operator wanted of processes before the daemon's restart, by process name: taken
     * by the processes the next reload creates, then dropped (a name no longer configured is not
     * kept). Loop only.
     */
    private Map<String, Boolean> restored = Map.of();
    /** The shutdown under way, null before. Loop only. */
    private CompletableFuture<Void> shutdown;
    /**
     * Set by {@link #shutdown} on the caller's thread, at once: the first of the engine's tasks
     * that the loop runs after it begins the shutdown before doing its own work. Null before.
     */
    private final AtomicReference<Runnable> shutdownAsked = new AtomicReference<>();
    /** A look at the processes that wait for their dependencies is posted to the loop. Loop only. */
    private boolean recheckPosted;
    /**
     * The names of the processes that told they wait ({@link EngineEvent.Waiting}) and may still
     * do: a process only begins to wait by telling it, so a state change looks at these few
     * instead of at every process (a burst of 1000 spawns made that 1000 × 1000 looks). Loop only.
     */
    private final Set<String> maybeWaiting = new LinkedHashSet<>();

    /** An engine whose processes have no readiness or health checks run (tests of other things). */
    public Engine(Loop loop, Launcher launcher, EngineListener listener) {
        this(loop, launcher, Checks.NONE, listener);
    }

    public Engine(Loop loop, Launcher launcher, Checks checks, EngineListener listener) {
        // Each task the engine and its processes post first begins a shutdown asked for meanwhile.
        this.loop = new PreludeLoop(loop, this::beginShutdownIfAsked);
        this.launcher = launcher;
        this.checks = checks;
        this.listener = listener;
    }

    public Loop loop() {
        return loop;
    }

    /** The configuration in force, or null before the first load. */
    public Configuration configuration() {
        return config;
    }

    public boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * Resource samples of running processes, from any thread: each is held to its process's usage
     * limits on the loop.
     */
    public void usage(List<UsageSample> samples) {
        loop.execute(() -> {
            for (UsageSample u : samples) {
                Proc p = procs.get(u.process());
                if (p != null) {
                    p.usage(u);
                }
            }
        });
    }

    /** Every process, sorted by name. */
    public List<ProcessSnapshot> processes() {
        return snapshots.values().stream()
                .sorted(Comparator.comparing(ProcessSnapshot::name))
                .toList();
    }

    public Optional<ProcessSnapshot> process(String name) {
        return Optional.ofNullable(snapshots.get(name));
    }

    /**
     * The operator's starts and stops in force, by process name (true: wanted up), restored ones
     * included: what the daemon keeps across its restarts. A process its configuration decides
     * for is not in it.
     */
    public Map<String, Boolean> intents() {
        Map<String, Boolean> m = new TreeMap<>();
        snapshots.values().stream()
                .filter(s -> s.wantedSource() != WantedSource.CONFIG)
                .forEach(s -> m.put(s.name(), s.wanted()));
        return m;
    }

    /**
     * Hands the engine what the operator wanted before the daemon's restart; call it before the
     * first {@link #reload}. Each process that reload creates takes its intent (wantedSource
     * PERSISTED) before autostart is looked at: one stopped by hand stays stopped, one started by
     * hand starts. Intents of processes the reload does not configure are dropped.
     */
    public CompletableFuture<Void> restoreIntent(Map<String, Boolean> intents) {
        Map<String, Boolean> copy = Map.copyOf(intents);
        return onLoop(() -> {
            restored = copy;
            return CompletableFuture.completedFuture(null);
        });
    }

    /** What {@link #reload} would do with {@code next}, applying nothing. */
    public ReloadReport diff(Configuration next) {
        return ConfigDiff.between(config, next).report();
    }

    /**
     * Applies a configuration: the first one, or a new one on reload. Added processes start if
     * they should, removed ones stop, processes whose launch changed restart, policies that
     * changed apply in place, and everything else keeps running untouched.
     *
     * <p>Each process goes its own way: one whose launch changed starts again as soon as its own
     * stop is over, added ones start at once (in priority order among themselves), and none waits
     * for an unrelated stop. The future completes when every stop is over and every start begun,
     * or at once with SHUTTING_DOWN when a shutdown begins meanwhile.
     */
    public CompletableFuture<ReloadReport> reload(Configuration next) {
        return reloadIfDown(next, List.of(), () -> {});
    }

    /**
     * {@link #reload}, running {@code known} on the loop once every process of {@code next} exists
     * (a read of {@link #processes} lists them all, STOPPED until started) and before the first of
     * the added ones is started: the daemon's first configuration opens its clients there, so that
     * none of them ever sees a partial list, and the spawns do not wait for them.
     */
    public CompletableFuture<ReloadReport> reload(Configuration next, Runnable known) {
        return reloadIfDown(next, List.of(), known);
    }

    /**
     * {@link #reload}, but only if every process named in {@code mustBeDown} is down (STOPPED,
     * EXITED or FATAL) when the loop comes to it; otherwise nothing changes and the future fails
     * with STILL_RUNNING. supervisorctl's {@code remove} needs the check made here, where starts
     * are handled: made from another thread, a start landing between the check and the reload
     * would be undone by the reload.
     */
    public CompletableFuture<ReloadReport> reloadIfDown(Configuration next, Collection<String> mustBeDown) {
        return reloadIfDown(next, mustBeDown, () -> {});
    }

    private CompletableFuture<ReloadReport> reloadIfDown(
            Configuration next, Collection<String> mustBeDown, Runnable known) {
        return onLoop(() -> {
            if (shuttingDown) {
                throw new EngineException(Fault.SHUTTING_DOWN, "the daemon is shutting down");
            }
            List<String> up = mustBeDown.stream()
                    .filter(n -> procs.containsKey(n) && !procs.get(n).state().isDown())
                    .toList();
            if (!up.isEmpty()) {
                throw new EngineException(Fault.STILL_RUNNING, "not stopped: " + String.join(", ", up));
            }
            ConfigDiff diff = ConfigDiff.between(config, next);
            boolean first = config == null;
            config = next;
            emit(new EngineEvent.Configured());
            List<CompletableFuture<Void>> parts = new ArrayList<>();
            // The highest numbers of a program first (scaling down takes its last processes away
            // first), and across programs what starts last is told first, as a shutdown does.
            List<Proc> removed =
                    new ArrayList<>(diff.removed().stream().map(procs::get).toList());
            removed.sort(REMOVAL_ORDER);
            for (Proc p : removed) {
                String name = p.name();
                CompletableFuture<Void> down = new CompletableFuture<>();
                parts.add(down.thenRun(() -> {
                    if (procs.get(name) == p && !configured(name)) { // not configured again meanwhile
                        procs.remove(name);
                        ProcessSnapshot last = snapshots.remove(name);
                        if (last != null && last.wantedSource() != WantedSource.CONFIG) {
                            emit(new EngineEvent.IntentChanged(name, WantedSource.CONFIG, false));
                        }
                    }
                }));
                p.on(new ProcEvent.Retire(down));
            }
            for (ProcessSpec spec : diff.updatedInPlace()) {
                procs.get(spec.name()).on(new ProcEvent.Update(spec));
            }
            List<ProcessSpec> relaunched = new ArrayList<>(diff.relaunched());
            relaunched.sort(SPEC_ORDER);
            for (ProcessSpec spec : relaunched) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                parts.add(done);
                procs.get(spec.name()).on(new ProcEvent.Relaunch(spec, done));
            }
            List<ProcessSpec> added = new ArrayList<>(diff.added());
            added.sort(SPEC_ORDER);
            // Every process is made first and its autostart looked at after: a read during the
            // burst of 1000 spawns lists all 1000, and whoever waits for "known" waits for no spawn.
            List<Proc> created = new ArrayList<>(added.size());
            for (ProcessSpec spec : added) {
                Proc leaving = procs.get(spec.name());
                if (leaving != null) {
                    // Removed by an earlier reload whose stop is still under way: keep it instead.
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    parts.add(done);
                    leaving.on(new ProcEvent.Revive(spec, done));
                    continue;
                }
                Proc p = new Proc(spec, loop, launcher, checks, this::emit, this::publish, this::blockers);
                procs.put(spec.name(), p);
                Boolean before = restored.get(spec.name());
                if (before != null) {
                    p.on(new ProcEvent.Restore(before));
                }
                created.add(p);
            }
            try {
                known.run();
            } catch (RuntimeException e) {
                LOG.error("internal error: the reload's listener for the known processes failed", e);
            }
            for (Proc p : created) {
                p.on(new ProcEvent.Autostart());
            }
            recheckWaiting(); // dependencies may have changed, or be there now
            restored = Map.of();
            if (!first) {
                emit(new EngineEvent.Reloaded(
                        diff.report().added(),
                        diff.report().changed(),
                        diff.report().removed()));
            }
            CompletableFuture<ReloadReport> result = new CompletableFuture<>();
            reloads.add(result);
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenRun(() -> {
                reloads.remove(result);
                result.complete(diff.report());
            });
            return result;
        });
    }

    /**
     * Starts the named processes (see {@link #select}); one outcome each, in start order. What
     * they depend on (depends_on, directly or not) is started first when it is down; each waits
     * for its dependencies to be RUNNING before it is spawned, and a start that waits for one
     * that fails is answered with DEPENDENCY_FAILED (it keeps waiting, and starts once the
     * dependency is up).
     */
    public CompletableFuture<List<Outcome>> start(Collection<String> names) {
        return each(names, START_ORDER, p -> !p.state().isLive(), Proc::start);
    }

    /**
     * Stops the named processes; one outcome each, in stop order: what depends on others first,
     * and each once its dependents among them are down. A process whose dependents (not named)
     * are up is not stopped: its outcome is HAS_DEPENDENTS, naming them.
     */
    public CompletableFuture<List<Outcome>> stop(Collection<String> names) {
        return stop(names, false);
    }

    /** {@link #stop}, with every dependent of the named processes that is up, or waits, stopped first. */
    public CompletableFuture<List<Outcome>> stopWithDependents(Collection<String> names) {
        return stop(names, true);
    }

    public CompletableFuture<List<Outcome>> restart(Collection<String> names) {
        return each(names, START_ORDER, p -> true, Proc::restart);
    }

    /**
     * A rolling restart: the named processes one at a time, in start order, each stopped and
     * started, and the next one only once it is RUNNING again (the future a start completes), so a
     * pool keeps serving. When one does not come back (its start fails, or a stop or the shutdown
     * cuts it short), the rest are left as they are: its outcome is its fault, and theirs FAILED,
     * naming it. One outcome per process, in the order they were (or would have been) restarted.
     */
    public CompletableFuture<List<Outcome>> rollingRestart(Collection<String> names) {
        return onLoop(() -> {
            if (shuttingDown) {
                throw new EngineException(Fault.SHUTTING_DOWN, "the daemon is shutting down");
            }
            List<Proc> selected = new ArrayList<>(select(names));
            selected.sort(START_ORDER);
            CompletableFuture<List<Outcome>> done = new CompletableFuture<>();
            rollOn(selected, new ArrayList<>(), done);
            return done;
        });
    }

    /** Restarts {@code rest}'s first, then goes on with the others once it is RUNNING. On the loop. */
    private void rollOn(List<Proc> rest, List<Outcome> outcomes, CompletableFuture<List<Outcome>> done) {
        if (rest.isEmpty()) {
            done.complete(List.copyOf(outcomes));
            return;
        }
        Proc p = rest.getFirst();
        List<Proc> after = rest.subList(1, rest.size());
        CompletableFuture<Outcome> restarted = shuttingDown
                ? CompletableFuture.completedFuture(
                        Outcome.fault(p.name(), Fault.SHUTTING_DOWN, "the daemon is shutting down"))
                : p.restart();
        restarted.whenComplete((o, e) -> {
            Outcome outcome = e == null ? o : Outcome.fault(p.name(), Fault.FAILED, "internal error: " + e);
            outcomes.add(outcome);
            if (outcome.ok()) {
                rollOn(after, outcomes, done);
                return;
            }
            for (Proc left : after) {
                outcomes.add(Outcome.fault(
                        left.name(),
                        Fault.FAILED,
                        "not restarted: the rolling restart stopped at " + p.name() + ", which did not come back"));
            }
            done.complete(List.copyOf(outcomes));
        });
    }

    /**
     * Gives the named processes back to their configuration: the operator's start or stop (or the
     * one restored from before a restart) is forgotten and autostart decides, starting or stopping
     * each accordingly. Answers at once, before those starts and stops are over.
     */
    public CompletableFuture<List<Outcome>> forget(Collection<String> names) {
        // A process its configuration starts pulls in what it depends on, as a start does.
        return each(names, START_ORDER, p -> p.spec().autostart() && !p.state().isLive(), Proc::forget);
    }

    public CompletableFuture<List<Outcome>> signal(Collection<String> names, Signal signal) {
        return each(names, START_ORDER, p -> false, p -> p.signal(signal));
    }

    /** The process names a list of names selects, in start order; BAD_NAME for an unknown one. */
    public CompletableFuture<List<String>> resolve(Collection<String> names) {
        return onLoop(() -> CompletableFuture.completedFuture(
                select(names).stream().map(Proc::name).toList()));
    }

    /** {@link #shutdown(Runnable)} with nothing to run as it begins. */
    public CompletableFuture<Void> shutdown() {
        return shutdown(() -> {});
    }

    /**
     * Stops every process, one priority at a time from the highest number down (so what starts
     * first stops last), and completes when all are down. From its first moment nothing spawns
     * anywhere: every process is marked at once (an exit is not followed by a restart, a pending
     * retry is called off), and a reload under way is answered with SHUTTING_DOWN.
     *
     * <p>That moment comes before anything else the loop does for the engine once this call has
     * returned, even what was queued before it: the exits of a reload's stops, say, that would
     * otherwise spawn the new commands while the shutdown waits its turn in the queue.
     *
     * @param begun runs on the loop at that moment, once, before the shutdown's first step: a line
     *              it logs comes after every spawn there was and before every stop of the shutdown
     *              (a later call's is not run)
     */
    public CompletableFuture<Void> shutdown(Runnable begun) {
        shutdownAsked.compareAndSet(null, begun);
        // onLoop's task begins the shutdown first, as every engine task does once it is asked for.
        return onLoop(() -> shutdown);
    }

    /** On the loop: begins the shutdown if one is asked for and not begun yet. */
    private void beginShutdownIfAsked() {
        Runnable begun = shutdownAsked.get();
        if (begun == null || shutdown != null) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        shutdown = done; // first: a step below that comes back here finds the shutdown begun
        try {
            begun.run();
        } catch (RuntimeException e) {
            LOG.error("internal error: the shutdown's first step failed", e);
        }
        shuttingDown = true;
        List<Proc> all = new ArrayList<>(procs.values());
        all.sort(START_ORDER);
        all.forEach(p -> p.on(new ProcEvent.ShutdownBegan()));
        for (CompletableFuture<ReloadReport> r : List.copyOf(reloads)) {
            r.completeExceptionally(
                    new EngineException(Fault.SHUTTING_DOWN, "the reload was cut short: the daemon is shutting down"));
        }
        reloads.clear();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        // Dependents before what they depend on, then by priority, highest number first.
        for (List<Proc> batch : Dependencies.of(all).stopBatches(all)) {
            chain = chain.thenCompose(v -> batched(() -> CompletableFuture.allOf(batch.stream()
                    .map(p -> {
                        CompletableFuture<Void> down = new CompletableFuture<>();
                        p.on(new ProcEvent.Halt(down));
                        return down;
                    })
                    .toArray(CompletableFuture[]::new))));
        }
        chain.whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        });
    }

    // ---- internals, on the loop ----

    /**
     * {@code op} on each selected process, in {@code order}; first, a start of what those that
     * {@code pull} (a start of one already up pulls nothing) depend on and is not up.
     */
    private CompletableFuture<List<Outcome>> each(
            Collection<String> names,
            Comparator<Proc> order,
            Predicate<Proc> pull,
            Function<Proc, CompletableFuture<Outcome>> op) {
        return onLoop(() -> {
            if (shuttingDown) {
                throw new EngineException(Fault.SHUTTING_DOWN, "the daemon is shutting down");
            }
            List<Proc> selected = new ArrayList<>(select(names));
            selected.sort(order);
            Dependencies graph = Dependencies.of(procs.values());
            Set<Proc> needed = graph.closure(selected.stream().filter(pull).toList());
            selected.forEach(needed::remove);
            for (Proc d : graph.startOrder(needed, START_ORDER)) {
                if (!d.state().isLive()) {
                    var unused = d.start(); // its own outcome is not asked for: its dependents' tell
                }
            }
            List<CompletableFuture<Outcome>> futures = selected.stream().map(op).toList();
            recheckWaiting(); // a dependency may have failed before the start that now waits for it
            return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .thenApply(
                            v -> futures.stream().map(CompletableFuture::join).toList());
        });
    }

    private CompletableFuture<List<Outcome>> stop(Collection<String> names, boolean withDependents) {
        return onLoop(() -> {
            if (shuttingDown) {
                throw new EngineException(Fault.SHUTTING_DOWN, "the daemon is shutting down");
            }
            Dependencies graph = Dependencies.of(procs.values());
            Set<Proc> chosen = new LinkedHashSet<>(select(names));
            if (withDependents) {
                graph.dependents(chosen).stream()
                        .filter(p -> !p.state().isDown() || p.waiting())
                        .forEach(chosen::add);
            }
            List<Proc> order = graph.startOrder(chosen, START_ORDER).reversed();
            Map<Proc, CompletableFuture<Outcome>> futures = batched(() -> stopInOrder(order, chosen, graph));
            List<CompletableFuture<Outcome>> all = List.copyOf(futures.values());
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
        });
    }

    /** The stops of {@link #stop}, each after its dependents among {@code chosen}. On the loop. */
    private Map<Proc, CompletableFuture<Outcome>> stopInOrder(List<Proc> order, Set<Proc> chosen, Dependencies graph) {
        Map<Proc, CompletableFuture<Outcome>> futures = new LinkedHashMap<>();
        for (Proc p : order) {
            List<Proc> up = graph.dependents(List.of(p)).stream()
                    .filter(d -> !chosen.contains(d) && d.state().isLive())
                    .sorted(START_ORDER)
                    .toList();
            if (!up.isEmpty()) {
                String them = String.join(", ", up.stream().map(Proc::name).toList());
                futures.put(
                        p,
                        CompletableFuture.completedFuture(Outcome.fault(
                                p.name(),
                                Fault.HAS_DEPENDENTS,
                                them + (up.size() == 1 ? " depends" : " depend") + " on " + p.name() + " and "
                                        + (up.size() == 1 ? "is" : "are") + " up (allowed: stop " + them
                                        + " first, or stop --with-dependents)")));
                continue;
            }
            // After its dependents among those stopped here are down.
            CompletableFuture<?>[] first = graph.dependents(List.of(p)).stream()
                    .map(futures::get)
                    .filter(Objects::nonNull)
                    .toArray(CompletableFuture[]::new);
            futures.put(p, CompletableFuture.allOf(first).thenCompose(v -> p.stop()));
        }
        return futures;
    }

    /** The dependencies of {@code spec} that are not up; what a process's spawn waits for. */
    private List<String> blockers(ProcessSpec spec) {
        return spec.lifecycle().dependsOn().isEmpty()
                ? List.of()
                : Dependencies.of(procs.values()).blockers(spec);
    }

    /**
     * Posts one look at the processes that wait for their dependencies: those whose dependencies
     * are up now are spawned, in priority order; a start waiting for a dependency that failed is
     * answered. Posted, not run at once: a state change is told in full before what follows it.
     */
    private void recheckWaiting() {
        if (recheckPosted) {
            return;
        }
        recheckPosted = true;
        loop.execute(() -> {
            recheckPosted = false;
            if (shuttingDown) {
                return;
            }
            List<Proc> waiting = procs.values().stream()
                    .filter(Proc::waiting)
                    .sorted(START_ORDER)
                    .toList();
            waiting.forEach(p -> p.on(new ProcEvent.DependenciesChanged()));
            Dependencies graph = Dependencies.of(procs.values());
            for (Proc p : waiting) {
                String failure = p.waiting() ? graph.failure(p) : null;
                if (failure != null) {
                    p.on(new ProcEvent.DependencyFailed(failure));
                }
            }
        });
    }

    /** The processes the names select, as {@link ProcessNames} reads them; BAD_NAME for one that selects none. */
    private List<Proc> select(Collection<String> names) {
        ProcessNames.Selection<Proc> selection = ProcessNames.select(procs.values(), Engine::key, names);
        if (!selection.unknown().isEmpty()) {
            throw new EngineException(
                    Fault.BAD_NAME, ProcessNames.unknown(selection.unknown().getFirst()));
        }
        return selection.selected();
    }

    private static ProcessNames.Key key(Proc p) {
        return new ProcessNames.Key(p.spec().group(), p.spec().program(), p.name());
    }

    private boolean configured(String name) {
        return config.processes().stream().anyMatch(spec -> spec.name().equals(name));
    }

    /**
     * Keeps a process's latest snapshot, and tells when its health verdict changed: whatever moved
     * it (a check's result, leaving RUNNING, a reload), the listeners hear of it once.
     */
    private void publish(ProcessSnapshot s) {
        ProcessSnapshot before = snapshots.put(s.name(), s);
        if (before != null && before.health().health() != s.health().health()) {
            emit(new EngineEvent.HealthChanged(
                    before.health().health(), s.health().health(), s));
        }
    }

    private void emit(EngineEvent event) {
        if (batching > 0 || !held.isEmpty()) {
            held.add(event); // behind those held, so the listener sees every event in order
        } else {
            tell(event);
        }
        // A process that begins to wait may wait for one that already failed: it is looked at too.
        if (event instanceof EngineEvent.Waiting w) {
            maybeWaiting.add(w.process());
            recheckWaiting();
        } else if (event instanceof EngineEvent.StateChanged && anyWaiting()) {
            recheckWaiting();
        }
    }

    private void tell(EngineEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            // A listener's bug must not leave a process half-way through a transition.
            LOG.error("internal error: engine listener failed on {}", event, e);
        }
    }

    /**
     * Runs one step over many processes with the listener's calls (the event log, notifications,
     * the state file) held until the step's own work is done, then made in order. The step's
     * system calls then go out back to back: a stop of a thousand sends its thousand signals
     * first. Otherwise each signal would come after the previous process's log lines and
     * notifications, and the children already signalled take the CPU from the loop as they exit.
     * The engine's own reactions to an event (dependency waits) are not held.
     */
    private <T> T batched(Supplier<T> step) {
        batching++;
        try {
            return step.get();
        } finally {
            if (--batching == 0) {
                // A listener that makes the engine emit again queues behind what is still held.
                for (EngineEvent e; (e = held.poll()) != null; ) {
                    tell(e);
                }
            }
        }
    }

    /** Whether a process waits for its dependencies; forgets those that no longer do. */
    private boolean anyWaiting() {
        maybeWaiting.removeIf(name -> {
            Proc p = procs.get(name);
            return p == null || !p.waiting();
        });
        return !maybeWaiting.isEmpty();
    }

    /** Runs {@code body} on the loop; its failure, thrown or returned, fails the result. */
    private <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                beginShutdownIfAsked();
                body.get().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (loop.inLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
        return result;
    }
}
