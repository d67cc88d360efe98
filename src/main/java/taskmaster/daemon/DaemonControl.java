package taskmaster.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.config.ConfigError;
import taskmaster.config.ConfigException;
import taskmaster.config.ConfigLoader;
import taskmaster.config.InvalidValueException;
import taskmaster.engine.Engine;
import taskmaster.engine.EngineException;
import taskmaster.engine.ReloadReport;
import taskmaster.management.Control;
import taskmaster.management.Management;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.Result;
import taskmaster.mbeans.SupervisorState;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.Scale;
import taskmaster.output.OutputControl;

/**
 * The running daemon's control: reload (SIGHUP, and the Supervisor bean's reload, update and
 * reread), shutdown (SIGTERM, SIGINT, and the bean's shutdown) and SIGUSR2's reopening of the logs.
 *
 * <p>Reloads run one at a time on the control thread, never on a signal thread or a client's: two
 * reloads never interleave, and a signal handler returns at once. The shutdown does not queue
 * behind them: it has a thread of its own, and the engine, told to shut down, stops spawning and
 * answers the reload under way, which then ends on its own.
 */
final class DaemonControl implements Control {

    private static final Logger LOG = LogManager.getLogger("taskmaster.daemon");

    private final Path configFile;
    private final boolean console;
    private final Engine engine;
    private final Management management;
    private final Supplier<OutputControl> output;
    private final Runnable release;
    private final java.util.function.BiConsumer<String, String> remoteEvents;
    /** What the operator asked for that is kept across restarts: the scale overrides are read here. */
    private final IntentWriter intent;

    private final ExecutorService control = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("taskmaster-control").daemon(true).factory());
    private final CountDownLatch stopped = new CountDownLatch(1);
    /**
     * The boot's last step is done: what the shutdown releases (the loop, the launcher) is no
     * longer used by it. A TERM can come in the middle of the boot, whose remaining steps then
     * find the shutdown under way and do nothing, but on the loop the release would close.
     */
    private final CountDownLatch booted = new CountDownLatch(1);

    private volatile boolean shuttingDown;
    private volatile boolean reloading;
    /** What the daemon exits with, and why when it is not 0; set once, by the first shutdown. */
    private volatile int exitCode;

    private volatile String exitReason = "";

    /**
     * @param console also log to the console, as the boot chose; a reload that changes the logging
     *                keeps that choice
     * @param output  the captured output of the programs (its value may be null: no capture)
     * @param release what the boot took and the shutdown gives back last, once every program is down
     *                and the management plane closed
     * @param remoteEvents where {@code sendRemoteCommEvent}'s events go: the event listeners
     * @param intent       keeps the operator's intents, scale overrides included, across restarts
     */
    DaemonControl(
            Path configFile,
            boolean console,
            Engine engine,
            Management management,
            Supplier<OutputControl> output,
            Runnable release,
            java.util.function.BiConsumer<String, String> remoteEvents,
            IntentWriter intent) {
        this.intent = intent;
        this.configFile = configFile;
        this.console = console;
        this.engine = engine;
        this.management = management;
        this.output = output;
        this.release = release;
        this.remoteEvents = remoteEvents;
    }

    /** The boot has taken its last step; a shutdown that began during it may now release. */
    void bootDone() {
        booted.countDown();
    }

    /** Returns once a shutdown has stopped every program and released what the boot took. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    // ---- signals: the handlers hand over and return ----

    /** SIGHUP: apply the files as they are now; a file with errors changes nothing. */
    void requestReload() {
        control.execute(() -> {
            if (shuttingDown) {
                return;
            }
            LOG.info("received SIGHUP: reloading {}", configFile);
            try {
                applyFiles(Set.of());
            } catch (IllegalStateException e) {
                LOG.warn("reload: {}", e.getMessage());
            }
        });
    }

    /**
     * SIGTERM, SIGINT and the bean's shutdown: stop every program in priority order, then let the
     * boot exit 0. Called on the caller's thread, not the control thread, so that it never waits
     * for a reload to end: the engine answers the reload under way at once.
     */
    synchronized void requestShutdown(String why) {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        // Logged on the loop as the engine's shutdown begins, not here: a spawn the loop was making
        // when the signal came would otherwise be logged after this line, as if nothing had stopped it.
        CompletableFuture<Void> down = engine.shutdown(
                () -> LOG.info("{}: stopping all programs", why.startsWith("SIG") ? "received " + why : why));
        Thread.ofPlatform().name("taskmaster-shutdown").daemon(false).start(() -> {
            try {
                down.get(1, TimeUnit.DAYS);
            } catch (Exception e) {
                LOG.error("shutdown: {}", e.toString());
            }
            management.stop();
            try {
                booted.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("shutdown complete; taskmasterd exits with status {}", exitCode);
            release.run();
            stopped.countDown();
        });
    }

    /**
     * An essential program is down for good: the normal ordered shutdown, and the daemon exits with
     * {@link Main#EXIT_ESSENTIAL}. Nothing if a shutdown is under way already (it keeps its status).
     */
    synchronized void essentialDown(String process, String how) {
        if (shuttingDown) {
            return;
        }
        exitCode = Main.EXIT_ESSENTIAL;
        exitReason = "the essential program " + process + " " + how;
        requestShutdown(exitReason);
    }

    /**
     * The management plane's deferred start-up failed (its beans, Jolokia's services): the normal
     * ordered shutdown, and the daemon exits 1 with {@code why} on one line. Nothing if a shutdown
     * is under way already: a step cut short by it has not failed, and it keeps its status.
     */
    synchronized void managementFailed(String why) {
        if (shuttingDown) {
            LOG.debug("management: start-up step ended by the shutdown: {}", why);
            return;
        }
        exitCode = 1;
        exitReason = "the management plane could not start: " + why.replaceAll("\\s*\\R\\s*", " ");
        LOG.error("{}", exitReason);
        requestShutdown(exitReason);
    }

    /** The daemon's exit status once stopped: 0, 1 ({@link #managementFailed}) or {@link Main#EXIT_ESSENTIAL}. */
    int exitCode() {
        return exitCode;
    }

    /** Why the daemon exits with {@link #exitCode()}; empty for 0. */
    String exitReason() {
        return exitReason;
    }

    /** SIGUSR2: the event log and every program's log file. */
    void reopenLogs() {
        control.execute(() -> {
            Logging.reopen();
            OutputControl out = output.get();
            if (out != null) {
                out.reopenAll();
            }
            LOG.info("received SIGUSR2: log files reopened");
        });
    }

    // ---- the Supervisor bean: the same paths as the signals, waiting for the answer ----

    @Override
    public SupervisorState state() {
        return shuttingDown
                ? SupervisorState.SHUTTING_DOWN
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
        return onControlThread("update", () -> applyFiles(names));
    }

    @Override
    public ReloadResult addGroup(String name) {
        refuseWhenShuttingDown();
        LOG.info("add of group {} requested: reading {}", name, configFile);
        return onControlThread("add", () -> {
            Configuration current = engine.configuration();
            if (groups(current).contains(name)) {
                throw new IllegalStateException(
                        Fault.ALREADY_ADDED + ": " + name + ": the group is in the configuration in force already");
            }
            Configuration next;
            try {
                next = load();
            } catch (ConfigException e) {
                throw new IllegalStateException(Fault.CANT_REREAD + ": " + name + ": the files have "
                        + e.errors().size() + " error(s); the first: "
                        + e.errors().getFirst());
            }
            if (!groups(next).contains(name)) {
                throw new IllegalArgumentException(Fault.BAD_NAME + ": " + name
                        + ": no group (or program in no [group:x] section) of that name in the files");
            }
            return apply(PartialUpdate.of(current, next, Set.of(name)));
        });
    }

    @Override
    public ReloadResult removeGroup(String name) {
        refuseWhenShuttingDown();
        LOG.info("remove of group {} requested", name);
        return onControlThread("remove", () -> {
            Configuration current = engine.configuration();
            if (!groups(current).contains(name)) {
                throw new IllegalArgumentException(Fault.BAD_NAME + ": " + name
                        + ": no group (or program in no [group:x] section) of that name in the configuration in force");
            }
            List<ProgramSpec> kept = current.programs().stream()
                    .filter(p -> !p.group().equals(name))
                    .toList();
            List<String> members = current.processes().stream()
                    .filter(p -> p.group().equals(name))
                    .map(ProcessSpec::name)
                    .toList();
            // The engine checks that they are all down on its loop, in the same step that removes them.
            return apply(
                    new Configuration(current.file(), current.files(), current.daemon(), kept, current.warnings()),
                    members,
                    name);
        });
    }

    private static Set<String> groups(Configuration c) {
        return c.programs().stream().map(ProgramSpec::group).collect(Collectors.toSet());
    }

    /** Runs one change of the configuration on the control thread, one at a time, waiting for it. */
    private <T> T onControlThread(String verb, Callable<T> change) {
        try {
            return control.submit(change).get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(Fault.FAILED + ": " + verb + ": interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException refused) {
                throw refused;
            }
            if (e.getCause() instanceof IllegalArgumentException bad) {
                if (bad.getMessage().startsWith(Fault.BAD_NAME + ": ")) {
                    throw bad;
                }
                throw new IllegalArgumentException(Fault.BAD_NAME + ": " + bad.getMessage()
                        + ": no program or group of that name, configured or in the files");
            }
            throw new IllegalStateException(
                    Fault.FAILED + ": " + verb + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IllegalStateException(Fault.TIMEOUT + ": " + verb + ": still under way after 10 minutes");
        }
    }

    @Override
    public void sendRemoteCommEvent(String type, String data) {
        refuseWhenShuttingDown();
        remoteEvents.accept(type, data);
    }

    /** Only reads: it needs no turn on the control thread, since it changes nothing. */
    @Override
    public ReloadResult reread() {
        refuseWhenShuttingDown();
        try {
            Configuration files = load();
            ReloadReport r = engine.diff(files);
            return new ReloadResult(
                    r.added(), r.changed(), r.removed(), r.restarted(), List.of(), Scaling.notes(scales(), files));
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

    // ---- one reload, on the control thread ----

    /**
     * Reads the files again and applies them, all of them or, given names, only the programs and
     * groups named (supervisorctl's {@code update NAME…}); returns the errors (logged) when the
     * files have some, and then nothing changes.
     *
     * @throws IllegalArgumentException when a name is a program or group of neither configuration
     * @throws IllegalStateException    SHUTTING_DOWN when a shutdown cut the reload short, FAILED when
     *                                  the engine could not apply it
     */
    private ReloadResult applyFiles(Set<String> names) {
        Configuration next;
        try {
            next = load();
        } catch (ConfigException e) {
            for (ConfigError err : e.errors()) {
                LOG.error("config error: {}", err);
            }
            LOG.error(
                    "reload: {} error(s) in the configuration; nothing changed",
                    e.errors().size());
            return errors(e);
        }
        next.warnings().forEach(w -> LOG.warn("config warning: {}", w));
        if (!next.daemon().equals(engine.configuration().daemon())) {
            Logging.configure(next.daemon(), console);
        }
        if (Management.settingsDiffer(engine.configuration(), next)) {
            LOG.warn("reload: the management settings (jolokia*, jmx_*, [unix_http_server], [inet_http_server])"
                    + " changed; they apply at the next start");
        }
        if (!names.isEmpty()) {
            next = PartialUpdate.of(engine.configuration(), next, names);
            LOG.info("update: applying the files to {} only", names);
        }
        return apply(next);
    }

    /** Has the engine apply {@code next}; RELOADING meanwhile. */
    private ReloadResult apply(Configuration next) {
        return apply(next, List.of(), "");
    }

    /**
     * Has the engine apply {@code next} if every process of {@code mustBeDown} is down by then;
     * RELOADING meanwhile.
     *
     * @throws IllegalStateException STILL_RUNNING naming {@code group} when one of them is not down
     */
    private ReloadResult apply(Configuration next, List<String> mustBeDown, String group) {
        // RELOADING only while the engine applies: reading the files changes nothing yet.
        reloading = true;
        ReloadReport report;
        try {
            report = engine.reloadIfDown(next, mustBeDown).join();
        } catch (CompletionException | RejectedExecutionException e) {
            if (e.getCause() instanceof EngineException ee && ee.fault() == Fault.STILL_RUNNING) {
                throw new IllegalStateException(Fault.STILL_RUNNING + ": " + group + ": "
                        + ee.getMessage().substring((Fault.STILL_RUNNING + ": ").length()));
            }
            if (shuttingDown) {
                // The shutdown answers the reload at once, and nothing the reload began spawns again.
                throw new IllegalStateException(
                        Fault.SHUTTING_DOWN + ": reload cut short: the daemon is shutting down");
            }
            throw new IllegalStateException(Fault.FAILED + ": reload: " + (e.getCause() != null ? e.getCause() : e));
        } finally {
            reloading = false;
        }
        if (report.isEmpty()) {
            LOG.info("reload: no changes");
        }
        List<String> notes = new java.util.ArrayList<>();
        Scaling.ended(scales(), engine.configuration()).forEach((program, why) -> {
            intent.scale(program, null);
            LOG.info("scale: {}: the override ends: {}", program, why);
            notes.add(program + ": the scale override ended: " + why);
        });
        return new ReloadResult(
                report.added(), report.changed(), report.removed(), report.restarted(), List.of(), notes);
    }

    /** The files, with the scale overrides that still hold. */
    private Configuration load() throws ConfigException {
        return Configs.load(configFile, scales());
    }

    private java.util.Map<String, Scale> scales() {
        return intent.current().scales();
    }

    // ---- the operator's live changes: scale and forget ----

    @Override
    public List<Result> scale(String program, int numprocs) {
        refuseWhenShuttingDown();
        try {
            ConfigLoader.checkNumprocs(numprocs);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(Fault.BAD_ARGUMENTS + ": " + program + ": numprocs " + e.getMessage());
        }
        LOG.info("scale of {} to {} processes requested", program, numprocs);
        return onControlThread("scale", () -> {
            ProgramSpec now = inForce(program);
            Map<String, Scale> asked = new java.util.HashMap<>(scales());
            // The files' value, as the override will remember it: theirs now, not the one of an older override.
            asked.remove(program);
            ProgramSpec plain = fromFiles(asked, program);
            asked.put(program, new Scale(numprocs, plain.fileNumprocs()));
            ProgramSpec built = numprocs == plain.fileNumprocs() ? plain : fromFiles(asked, program);
            List<Result> results = changes(now, built);
            apply(Scaling.apply(engine.configuration(), built), List.of(), "");
            intent.scale(program, numprocs == plain.fileNumprocs() ? null : asked.get(program));
            LOG.info("scale: {}: {} processes (the files say numprocs = {})", program, numprocs, plain.fileNumprocs());
            return results.isEmpty()
                    ? List.of(new Result(
                            program, true, "", "already " + numprocs + (numprocs == 1 ? " process" : " processes")))
                    : results;
        });
    }

    @Override
    public List<Result> forget(String names) {
        refuseWhenShuttingDown();
        List<String> list = taskmaster.mbeans.ProcessNames.split(names);
        if (list.isEmpty()) {
            throw new IllegalArgumentException(Fault.BAD_NAME + ": " + names + ": no name given");
        }
        LOG.info("forget of {} requested", String.join(",", list));
        return onControlThread("forget", () -> {
            List<Result> results = new java.util.ArrayList<>();
            for (taskmaster.engine.Outcome o : awaitEngine(engine.forget(list), String.join(",", list))) {
                results.add(new Result(
                        o.process(), o.ok(), o.ok() ? "" : o.fault().name(), o.message() == null ? "" : o.message()));
            }
            Set<String> programs = Scaling.programsOf(
                    engine.configuration(), results.stream().map(Result::name).toList());
            for (String program : programs) {
                Scale s = scales().get(program);
                if (s == null) {
                    continue;
                }
                Map<String, Scale> rest = new java.util.HashMap<>(scales());
                rest.remove(program);
                ProgramSpec built = fromFiles(rest, program);
                apply(Scaling.apply(engine.configuration(), built), List.of(), "");
                intent.scale(program, null);
                LOG.info(
                        "forget: {}: the scale override of {} processes ends; {} as the files say",
                        program,
                        s.numprocs(),
                        built.numprocs());
                results.add(new Result(
                        program,
                        true,
                        "",
                        "scale override of " + s.numprocs() + " processes forgotten: " + built.numprocs()
                                + " as the files say"));
            }
            return results;
        });
    }

    private ProgramSpec inForce(String program) {
        ProgramSpec now = engine.configuration().programsByName().get(program);
        if (now == null) {
            throw new IllegalArgumentException(
                    Fault.BAD_NAME + ": " + program + ": no program of that name in the configuration in force");
        }
        return now;
    }

    /** {@code program} as the files build it with these overrides. */
    private ProgramSpec fromFiles(Map<String, Scale> overrides, String program) {
        Configuration files;
        try {
            files = Configs.load(configFile, overrides);
        } catch (ConfigException e) {
            throw new IllegalStateException(Fault.CANT_REREAD + ": " + program + ": the files have "
                    + e.errors().size() + " error(s); the first: " + e.errors().getFirst());
        }
        ProgramSpec p = files.programsByName().get(program);
        if (p == null) {
            throw new IllegalStateException(Fault.CANT_REREAD + ": " + program
                    + ": the program is no longer in the files (reload to remove it)");
        }
        return p;
    }

    /** One result per process a change of {@code now} into {@code built} adds or removes. */
    private static List<Result> changes(ProgramSpec now, ProgramSpec built) {
        Set<String> before = now.processes().stream().map(ProcessSpec::name).collect(Collectors.toSet());
        Set<String> after = built.processes().stream().map(ProcessSpec::name).collect(Collectors.toSet());
        List<Result> out = new java.util.ArrayList<>();
        built.processes().stream()
                .filter(p -> !before.contains(p.name()))
                .forEach(p -> out.add(new Result(p.name(), true, "", "added")));
        now.processes().reversed().stream()
                .filter(p -> !after.contains(p.name()))
                .forEach(p -> out.add(new Result(p.name(), true, "", "removed")));
        return out;
    }

    private static <T> T awaitEngine(CompletableFuture<T> f, String name) {
        try {
            return f.get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(Fault.FAILED + ": " + name + ": interrupted");
        } catch (TimeoutException e) {
            throw new IllegalStateException(Fault.TIMEOUT + ": " + name + ": no answer within a minute");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException ee) {
                String prefix = ee.fault() + ": ";
                String msg = ee.getMessage().startsWith(prefix)
                        ? ee.getMessage().substring(prefix.length())
                        : ee.getMessage();
                if (ee.fault() == Fault.BAD_NAME) {
                    throw new IllegalArgumentException(Fault.BAD_NAME + ": " + name + ": " + msg);
                }
                throw new IllegalStateException(ee.fault() + ": " + name + ": " + msg);
            }
            throw new IllegalStateException(Fault.FAILED + ": " + name + ": " + e.getCause());
        }
    }

    private static ReloadResult result(ReloadReport r) {
        return new ReloadResult(r.added(), r.changed(), r.removed(), r.restarted(), List.of());
    }

    private static ReloadResult errors(ConfigException e) {
        return new ReloadResult(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                e.errors().stream().map(ConfigError::toString).toList());
    }
}
