package taskmaster.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.checks.DaemonChecks;
import taskmaster.config.ConfigException;
import taskmaster.engine.Engine;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.EngineListener;
import taskmaster.engine.Launcher;
import taskmaster.engine.ReloadReport;
import taskmaster.engine.ThreadLoop;
import taskmaster.events.EventHub;
import taskmaster.management.Management;
import taskmaster.management.ManagementException;
import taskmaster.model.Configuration;
import taskmaster.os.Posix;
import taskmaster.output.OutputControl;
import taskmaster.resources.ResourceSampler;

/**
 * taskmasterd's boot: read the configuration, take the run folder and the pidfile, recover what a
 * crashed daemon left, start the engine and the management plane, install the signal handlers,
 * start the programs, then wait for the shutdown. Reloads and the shutdown itself are
 * {@link DaemonControl}'s.
 *
 * <p>The order is the point: nothing is spawned before the lock is held and recovery is over, or
 * before every address is taken (a port in use refuses the start with no child spawned); what the
 * first spawn does not need, the beans and Jolokia's services, is built on a thread of its own
 * while the programs spawn; no client is answered before the engine knows every process and the
 * beans are registered; and the detaching parent hears "up" only once the programs' starts have
 * begun. At {@code debug}, {@link StartupTimeline} prints each phase with its offset from the launch.
 *
 * <p>The event system ({@link EventHub}) lives as long as the engine: it hears the engine's
 * events from the first (its listener is in the engine's chain, the output capture's tap is its
 * own before anything spawns), is started before the first configuration is applied (so the
 * listeners hear SUPERVISOR_STATE_CHANGE_RUNNING and the first PROCESS_STATE events), sees the
 * shutdown begin through the engine (SUPERVISOR_STATE_CHANGE_STOPPING) and is closed last, once
 * every program, listeners included, is stopped and before the output capture closes.
 */
public final class Daemon {

    private static final Logger LOG = LogManager.getLogger("taskmaster.daemon");

    private final Path configFile;
    private final boolean console;
    private final Path readyFile;
    private final Management management = new Management();
    private final EventHub hub = new EventHub();
    private ThreadLoop loop;
    private Launcher launcher;
    /** Readiness and health checks; null until the engine is built. */
    private DaemonChecks checks;
    /** What each process costs, sampled off the loop; null until the engine is built. */
    /** Set once the engine is up; its events may come on the loop before. */
    private volatile ResourceSampler sampler;

    private PidFile pidFile;
    /** What the boot took is given back once. */
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The boot's phases, at debug in the event log, from the process's launch. */
    private final StartupTimeline timeline = StartupTimeline.sinceLaunch();
    /** The first spawn was put on the timeline; the loop's only. */
    private boolean spawned;
    /** Set once built, before any program starts: the engine's essential deaths go there. */
    private volatile DaemonControl control;

    /**
     * @param console   also log to the console (the foreground)
     * @param readyFile where to write our pid once running, for the detaching parent; may be null
     */
    public Daemon(Path configFile, boolean console, Path readyFile) {
        this.configFile = configFile.toAbsolutePath().normalize();
        this.console = console;
        this.readyFile = readyFile;
    }

    /** Runs until a shutdown completes; returns the exit code. */
    public int run() {
        timeline.reached("main");
        SignalHandlers signals = SignalHandlers.install();
        timeline.reached("signals handled");
        Configuration config;
        try {
            config = Configs.load(configFile);
        } catch (ConfigException e) {
            e.errors().forEach(err -> System.err.println(err));
            System.err.println("taskmasterd: " + e.errors().size() + " error(s) in the configuration; not started");
            return 2;
        }
        timeline.reached("config read");
        Logging.configure(config.daemon(), console);
        timeline.loggingReady();
        for (SignalHandlers.Note n : signals.notes()) {
            if (n.warning()) {
                LOG.warn("{}", n.text());
            } else {
                LOG.info("{}", n.text());
            }
        }
        if (signals.pendingShutdown() != null) {
            // Nothing is taken yet (no lock, no program): stopping is not starting.
            LOG.info("received {} before the start: taskmasterd exits with status 0", signals.pendingShutdown());
            return 0;
        }
        if (config.daemon().umask() != null) {
            // Programs without a umask of their own inherit the daemon's, as under supervisord.
            Posix.linux().umask(config.daemon().umask());
        }
        long pid = ProcessHandle.current().pid();
        try {
            RunDir.prepare(Configs.runFiles(config));
            pidFile = PidFile.acquire(Configs.lockFile(config), pid);
        } catch (IOException e) {
            LOG.error("not started: {}", e.getMessage());
            return 1;
        }
        LOG.info("taskmasterd {} started with pid {}; config {}", Version.get(), pid, configFile);
        config.warnings().forEach(w -> LOG.warn("config warning: {}", w));
        // With the lock held (no live daemon owns what the file names) and before anything is spawned.
        Path stateFile = Configs.runFiles(config).state();
        Recovery.run(stateFile, config, pid);
        StateWriter state = StateWriter.start(stateFile, pid).orElse(null);
        // What the operator asked of the previous daemon, before anything is started.
        Path intentFile = Configs.runFiles(config).intent();
        IntentFile.Intent kept = IntentWriter.restore(intentFile);
        config = withScales(config, kept.scales());
        IntentFile.Intent restored = Restoring.keep(kept, config);
        IntentWriter intent = new IntentWriter(intentFile, restored, !restored.equals(kept));

        Engine engine = startEngine(state, intent, Configs.runFiles(config).dir());
        timeline.reached("engine built");
        sampler = ResourceSampler.start(engine, this::output);
        management.usages(sampler.usages());
        engine.restoreIntent(restored.wants()).join();
        DaemonControl control = new DaemonControl(
                configFile,
                console,
                engine,
                management,
                this::output,
                this::closeQuietly,
                hub::sendRemoteCommEvent,
                intent);
        this.control = control;
        // Before the addresses and the URL file: a client that stops the daemon as soon as it is
        // reachable gets the ordered stop. A TERM that came meanwhile begins that stop here, and the
        // steps below then see it (the management plane binds nothing, the engine starts nothing).
        signals.attach(control);
        try {
            management.start(
                    engine,
                    control,
                    this::output,
                    config,
                    Version.get(),
                    System.currentTimeMillis(),
                    Configs.runFiles(config));
        } catch (ManagementException e) {
            LOG.error("not started: {}", e.getMessage());
            if (!console) {
                System.err.println("taskmasterd: not started: " + e.getMessage());
            }
            control.bootDone();
            closeQuietly();
            return 1;
        }
        timeline.reached("addresses bound");
        hub.start(engine, this::output);
        CompletableFuture<Void> known = new CompletableFuture<>();
        prepareManagement(control, known);
        startPrograms(engine, config, known);
        Detacher.reportReady(readyFile, pid);
        control.bootDone();
        try {
            control.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (state != null) {
            state.close();
        }
        intent.close();
        if (control.exitCode() != 0) {
            // The console's last line, for the container's log: which program took the daemon down.
            System.err.println("taskmasterd: exit status " + control.exitCode() + ": " + control.exitReason());
        }
        return control.exitCode();
    }

    /**
     * The first configuration with the operator's scale overrides from before the restart, where
     * the files still say what they said then; the files as they are when that load fails.
     */
    private static Configuration withScales(
            Configuration config, java.util.Map<String, taskmaster.model.Scale> scales) {
        if (scales.isEmpty()) {
            return config;
        }
        try {
            return Configs.load(config.file(), scales);
        } catch (ConfigException e) {
            LOG.warn(
                    "intent file: the scale overrides are not applied: the files with them have {} error(s); the"
                            + " first: {}",
                    e.errors().size(),
                    e.errors().getFirst());
            return config;
        }
    }

    /**
     * The loop, the launcher and the engine, whose events go to the state file, the event log, the
     * beans and the event listeners; the listeners' tapped output goes to the event system.
     */
    private Engine startEngine(StateWriter state, IntentWriter intent, Path runDir) {
        loop = new ThreadLoop("taskmaster-loop");
        checks = DaemonChecks.create(runDir, Launchers::create);
        launcher = checks.launcher();
        Launchers.tap(launcher, hub.tap());
        Launchers.watch(launcher, checks.logs());
        EventLog eventLog = new EventLog();
        EngineListener toManagement = management.listener();
        EngineListener toListeners = hub.listener();
        return new Engine(loop, launcher, checks, event -> {
            if (state != null) {
                state.onEvent(event);
            }
            intent.onEvent(event);
            eventLog.onEvent(event);
            if (event instanceof EngineEvent.Spawned && !spawned) {
                spawned = true; // on the loop only
                timeline.reached("first spawn");
            }
            toManagement.onEvent(event);
            toListeners.onEvent(event);
            if (event instanceof EngineEvent.EssentialDown e) {
                essentialDown(e);
            }
            ResourceSampler s = sampler;
            if (event instanceof EngineEvent.Reloaded && s != null) {
                s.reconfigured(); // a new sample_interval or new usage limits apply at once
            }
        });
    }

    /**
     * Begins the shutdown off the loop: the event comes in the middle of the process's transition,
     * and the shutdown's first step runs on the loop.
     */
    private void essentialDown(EngineEvent.EssentialDown e) {
        DaemonControl c = control;
        String how = "is " + e.state() + " (" + e.reason() + ")";
        Thread.ofPlatform().name("taskmaster-essential").start(() -> c.essentialDown(e.process(), how));
    }

    /**
     * The management plane's costly part, the beans and Jolokia's services, on a thread of its
     * own while the first programs spawn; then it answers its clients, once the engine knows every
     * process ({@code known}). A step that fails ends the daemon (exit 1) unless a shutdown came
     * first: the shutdown stops the management plane at any of these moments, and a step it cut
     * short has not failed.
     */
    private void prepareManagement(DaemonControl control, CompletableFuture<Void> known) {
        Thread.ofPlatform().name("taskmaster-management").daemon(true).start(() -> {
            try {
                management.prepare(timeline::reached);
                known.join();
                if (management.open()) {
                    timeline.reached(management.jolokiaUrl() != null ? "Jolokia ready" : "management ready");
                }
            } catch (ManagementException | RuntimeException e) {
                control.managementFailed(e.getMessage() != null ? e.getMessage() : e.toString());
            }
        });
    }

    /**
     * Applies the first configuration and returns once every autostart program's start has begun
     * (or a shutdown cut that short). {@code known} completes on the loop as soon as the engine
     * knows every process, before the first spawn; exceptionally when the reload never ran.
     */
    private void startPrograms(Engine engine, Configuration config, CompletableFuture<Void> known) {
        CompletableFuture<ReloadReport> first = engine.reload(config, () -> known.complete(null));
        first.whenComplete((r, e) -> {
            if (e != null) {
                known.completeExceptionally(e); // no-op once known
            }
        });
        try {
            first.join();
            timeline.reached("all starts begun");
        } catch (CompletionException e) {
            LOG.info("start: cut short by the shutdown");
        }
    }

    /** The captured output of the programs: reopen, rotate, tail, read, clear, stdin. */
    private OutputControl output() {
        return Launchers.output(launcher);
    }

    /**
     * Gives back what the boot took: the event system, the launcher's threads, the loop, the
     * pidfile. After a shutdown every program is stopped by now, the listeners too (they stop
     * last, by priority): the event system has nothing left to write to and closes first, while
     * the output capture it writes through is still open.
     */
    private void closeQuietly() {
        if (!closed.compareAndSet(false, true)) {
            return; // a management plane that failed to bind while a TERM's shutdown ran
        }
        if (sampler != null) {
            sampler.close(); // before the loop it hands its samples to
        }
        try {
            hub.close();
        } catch (RuntimeException e) {
            LOG.warn("while closing the event system: {}", e.toString());
        }
        try {
            if (checks != null) {
                checks.close();
            }
        } catch (Exception e) {
            LOG.warn("while closing the checks: {}", e.toString());
        }
        try {
            if (launcher instanceof AutoCloseable c) {
                c.close();
            }
            loop.close();
        } catch (Exception e) {
            LOG.warn("while closing: {}", e.toString());
        }
        try {
            pidFile.close();
        } catch (IOException e) {
            LOG.warn("could not remove the pidfile: {}", e.getMessage());
        }
    }
}
