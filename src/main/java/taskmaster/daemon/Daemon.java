package taskmaster.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.config.ConfigError;
import taskmaster.config.ConfigException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import taskmaster.engine.Engine;
import taskmaster.engine.EngineListener;
import taskmaster.engine.Launcher;
import taskmaster.engine.ReloadReport;
import taskmaster.engine.ThreadLoop;
import taskmaster.management.Control;
import taskmaster.management.Management;
import taskmaster.management.ManagementException;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.SupervisorState;
import taskmaster.model.Configuration;
import taskmaster.os.Posix;
import taskmaster.output.OutputControl;

/**
 * taskmasterd's life: read the configuration, take the pidfile, start the engine, answer
 * SIGHUP (reload), SIGTERM/SIGINT (stop everything, exit 0) and SIGUSR2 (reopen logs).
 * Reloads run one at a time on a control thread, never on a signal thread; the shutdown has
 * a thread of its own, so it never waits behind a reload.
 */
public final class Daemon {

    private static final Logger LOG = LogManager.getLogger("taskmaster.daemon");

    private final Path configFile;
    private final boolean console;
    private final Path readyFile;
    private final ExecutorService control = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("taskmaster-control").daemon(true).factory());
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Engine engine;
    private volatile boolean shuttingDown;
    private volatile boolean reloading;
    private final Management management = new Management();
    private ThreadLoop loop;
    private Launcher launcher;
    private PidFile pidFile;

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
        Configuration config;
        try {
            config = Configs.load(configFile);
        } catch (ConfigException e) {
            e.errors().forEach(err -> System.err.println(err));
            System.err.println("taskmasterd: " + e.errors().size() + " error(s) in the configuration; not started");
            return 2;
        }
        Logging.configure(config.daemon(), console);
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

        loop = new ThreadLoop("taskmaster-loop");
        launcher = Launchers.create();
        EventLog eventLog = new EventLog();
        EngineListener toManagement = management.listener();
        engine = new Engine(loop, launcher, event -> {
            if (state != null) {
                state.onEvent(event);
            }
            eventLog.onEvent(event);
            toManagement.onEvent(event);
        });
        try {
            management.start(engine, new DaemonControl(), this::output, config, Version.get(), System.currentTimeMillis(),
                    Configs.runFiles(config));
        } catch (ManagementException e) {
            LOG.error("not started: {}", e.getMessage());
            if (!console) {
                System.err.println("taskmasterd: not started: " + e.getMessage());
            }
            closeQuietly();
            return 1;
        }
        SignalHandlers.install(this);
        CompletableFuture<ReloadReport> first = engine.reload(config);
        // The loop runs tasks in order: once this one ran, the engine knows every process (the
        // reload's first step), and only then may clients ask about them.
        CompletableFuture<Void> known = new CompletableFuture<>();
        loop.execute(() -> known.complete(null));
        known.join();
        management.open();
        try {
            first.join();
        } catch (CompletionException e) {
            LOG.info("start: cut short by the shutdown");
        }
        markReady(pid);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (state != null) {
            state.close();
        }
        return 0;
    }

    public Engine engine() {
        return engine;
    }

    // ---- output capture (issue 5) ----

    /** The captured output of the programs: reopen, rotate, tail, read, clear, stdin. */
    public OutputControl output() {
        return Launchers.output(launcher);
    }

    // ---- end of output capture ----

    /** SIGHUP: apply the files as they are now; a file with errors changes nothing. */
    void requestReload() {
        control.execute(() -> {
            if (shuttingDown) {
                return;
            }
            LOG.info("received SIGHUP: reloading {}", configFile);
            try {
                reload();
            } catch (IllegalStateException e) {
                LOG.warn("reload: {}", e.getMessage());
            }
        });
    }

    /** Reads the files again and applies them; returns the errors (logged) when they have some. */
    ReloadResult reload() {
        return reload(Set.of());
    }

    /**
     * Reads the files again and applies them, all of them or, given names, only the programs and
     * groups named (supervisorctl's {@code update NAME…}); returns the errors (logged) when the
     * files have some.
     *
     * @throws IllegalArgumentException when a name is a program or group of neither configuration
     */
    ReloadResult reload(Set<String> names) {
        Configuration next;
        try {
            next = Configs.load(configFile);
        } catch (ConfigException e) {
            for (ConfigError err : e.errors()) {
                LOG.error("config error: {}", err);
            }
            LOG.error("reload: {} error(s) in the configuration; nothing changed", e.errors().size());
            return errors(e);
        }
        next.warnings().forEach(w -> LOG.warn("config warning: {}", w));
        if (!next.daemon().equals(engine.configuration().daemon())) {
            Logging.configure(next.daemon(), console);
        }
        if (Management.settingsDiffer(engine.configuration(), next)) {
            LOG.warn("reload: the management settings (jolokia*, jmx_*) changed; they apply at the next start");
        }
        if (!names.isEmpty()) {
            next = PartialUpdate.of(engine.configuration(), next, names);
            LOG.info("update: applying the files to {} only", names);
        }
        reloading = true;
        ReloadReport report;
        try {
            report = engine.reload(next).join();
        } catch (CompletionException | RejectedExecutionException e) {
            if (shuttingDown) {
                // The shutdown answers the reload at once, and nothing the reload began spawns again.
                throw new IllegalStateException(Fault.SHUTTING_DOWN + ": reload cut short: the daemon is shutting down");
            }
            throw new IllegalStateException(Fault.FAILED + ": reload: " + (e.getCause() != null ? e.getCause() : e));
        } finally {
            reloading = false;
        }
        if (report.isEmpty()) {
            LOG.info("reload: no changes");
        }
        return result(report);
    }

    private static ReloadResult result(ReloadReport r) {
        return new ReloadResult(r.added(), r.changed(), r.removed(), r.restarted(), List.of());
    }

    private static ReloadResult errors(ConfigException e) {
        return new ReloadResult(List.of(), List.of(), List.of(), List.of(),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    /** The daemon as the Supervisor bean sees it: the same reload path as SIGHUP, on the control thread. */
    private final class DaemonControl implements Control {
        @Override
        public SupervisorState state() {
            return shuttingDown ? SupervisorState.SHUTTING_DOWN
                    : reloading ? SupervisorState.RELOADING : SupervisorState.RUNNING;
        }

        @Override
        public ReloadResult reload() {
            return update(Set.of());
        }

        @Override
        public ReloadResult update(Set<String> names) {
            refuseWhenShuttingDown();
            LOG.info("{} requested over JMX: reloading {}", names.isEmpty() ? "reload" : "update of " + names, configFile);
            try {
                return control.submit((java.util.concurrent.Callable<ReloadResult>) () -> Daemon.this.reload(names))
                        .get(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(Fault.FAILED + ": update: interrupted");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IllegalStateException cutShort) {
                    throw cutShort;
                }
                if (e.getCause() instanceof IllegalArgumentException bad) {
                    throw new IllegalArgumentException(Fault.BAD_NAME + ": " + bad.getMessage()
                            + ": no program or group of that name, configured or in the files");
                }
                throw new IllegalStateException(Fault.FAILED + ": update: " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                throw new IllegalStateException(Fault.TIMEOUT + ": update: still under way after 10 minutes");
            }
        }

        @Override
        public ReloadResult reread() {
            refuseWhenShuttingDown();
            try {
                return result(engine.diff(Configs.load(configFile)));
            } catch (ConfigException e) {
                return errors(e);
            }
        }

        @Override
        public void shutdown() {
            refuseWhenShuttingDown();
            requestShutdown("shutdown() over JMX");
        }

        private void refuseWhenShuttingDown() {
            if (shuttingDown) {
                throw new IllegalStateException(Fault.SHUTTING_DOWN + ": taskmasterd: the daemon is shutting down");
            }
        }
    }

    /**
     * SIGTERM, SIGINT: stop every program in priority order, then exit 0. It does not queue
     * behind a reload on the control thread: the engine stops spawning at once and answers the
     * reload under way, which then ends on its own.
     */
    synchronized void requestShutdown(String why) {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        LOG.info("{}: stopping all programs", why.startsWith("SIG") ? "received " + why : why);
        CompletableFuture<Void> down = engine.shutdown();
        Thread.ofPlatform().name("taskmaster-shutdown").daemon(false).start(() -> {
            try {
                down.get(1, TimeUnit.DAYS);
            } catch (Exception e) {
                LOG.error("shutdown: {}", e.toString());
            }
            management.stop();
            LOG.info("shutdown complete; taskmasterd exits");
            closeQuietly();
            stopped.countDown();
        });
    }

    /** SIGUSR2: the event log and every program's log file. */
    void reopenLogs() {
        control.execute(() -> {
            Logging.reopen();
            OutputControl output = output();
            if (output != null) {
                output.reopenAll();
            }
            LOG.info("received SIGUSR2: log files reopened");
        });
    }

    private void markReady(long pid) {
        if (readyFile == null) {
            return;
        }
        try {
            Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, readyFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("could not tell the launching process we are up: {}", e.getMessage());
        }
    }

    private void closeQuietly() {
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
