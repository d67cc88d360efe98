package taskmaster.checks;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import taskmaster.engine.CheckResult;
import taskmaster.engine.Checks;
import taskmaster.engine.Launcher;
import taskmaster.engine.Notice;
import taskmaster.model.Check;
import taskmaster.model.ProcessSpec;
import taskmaster.os.SpawnHook;
import taskmaster.output.StdoutWatcher;

/**
 * The daemon's checks: each kind goes to the part that runs it. What a process pushes through the
 * operating system (the notify socket, the notification fd) is one part; what the daemon asks
 * (a connect, a request, a command) and what it reads in the output is the other.
 */
public final class DaemonChecks implements Checks, AutoCloseable {

    private final Checks signals;
    private final Checks probes;
    private final SpawnHook spawnHook;
    private Launcher launcher;

    /**
     * @param signals runs {@link Check.Notify} and {@link Check.Fd}
     * @param probes  runs {@link Check.Tcp}, {@link Check.Http}, {@link Check.Exec} and {@link Check.Log}
     */
    public DaemonChecks(Checks signals, Checks probes) {
        this(signals, probes, SpawnHook.NONE);
    }

    private DaemonChecks(Checks signals, Checks probes, SpawnHook spawnHook) {
        this.signals = signals;
        this.probes = probes;
        this.spawnHook = spawnHook;
    }

    /**
     * The checks the daemon runs with, and its launcher: notify sockets go to {@code runDir/notify}
     * where they can; the launcher {@code launch} makes gives them out around each spawn (the
     * notify socket and the notification fd are given then), and starts the exec checks.
     */
    public static DaemonChecks create(Path runDir, Function<SpawnHook, Launcher> launch) {
        SpawnSignals signals = SpawnSignals.open(runDir); // the notify socket and the notification fd
        Launcher launcher = launch.apply(signals.spawnHook());
        DaemonChecks checks = new DaemonChecks(
                signals,
                new Probes(launcher), // tcp, http, exec and log
                signals.spawnHook());
        checks.launcher = launcher;
        return checks;
    }

    /** The launcher {@link #create} made. */
    public Launcher launcher() {
        return launcher;
    }

    /** What the launcher must call around each spawn: the notify socket and the notification fd are given then. */
    public SpawnHook spawnHook() {
        return spawnHook;
    }

    /** Where the output capture copies the stdout of programs with a log check. */
    public StdoutWatcher logs() {
        return probes instanceof StdoutWatcher w ? w : (spec, pid, bytes) -> {};
    }

    @Override
    public Watch watch(ProcessSpec spec, long pid, Check check, Consumer<Notice> notices) {
        return switch (check) {
            case Check.Notify n -> signals.watch(spec, pid, check, notices);
            case Check.Fd f -> signals.watch(spec, pid, check, notices);
            case Check.Log l -> probes.watch(spec, pid, check, notices);
            case Check.Tcp t ->
                throw new IllegalArgumentException("internal error: " + check.describe() + " is asked, not pushed");
            case Check.Http h ->
                throw new IllegalArgumentException("internal error: " + check.describe() + " is asked, not pushed");
            case Check.Exec e ->
                throw new IllegalArgumentException("internal error: " + check.describe() + " is asked, not pushed");
        };
    }

    @Override
    public CompletableFuture<CheckResult> probe(ProcessSpec spec, long pid, Check check, long timeoutMillis) {
        return switch (check) {
            case Check.Tcp t -> probes.probe(spec, pid, check, timeoutMillis);
            case Check.Http h -> probes.probe(spec, pid, check, timeoutMillis);
            case Check.Exec e -> probes.probe(spec, pid, check, timeoutMillis);
            case Check.Log l -> probes.probe(spec, pid, check, timeoutMillis);
            case Check.Notify n -> CompletableFuture.completedFuture(CheckResult.failed("notify cannot be asked"));
            case Check.Fd f -> CompletableFuture.completedFuture(CheckResult.failed("fd cannot be asked"));
        };
    }

    @Override
    public void close() throws Exception {
        if (signals instanceof AutoCloseable c) {
            c.close();
        }
        if (probes instanceof AutoCloseable c) {
            c.close();
        }
    }
}
