package taskmaster.checks;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.engine.CheckResult;
import taskmaster.engine.Checks;
import taskmaster.engine.Launcher;
import taskmaster.engine.Notice;
import taskmaster.model.Check;
import taskmaster.model.ProcessSpec;
import taskmaster.output.StdoutWatcher;

/**
 * The checks the daemon asks or reads: tcp, http and exec run on one thread ({@link ProbeLoop}),
 * log is matched on the output thread as the lines come ({@link LogChecks}); https goes through
 * the JDK's HTTP client and its two threads, started with the first https check ({@link HttpsProbe}). No thread per
 * process or per check: a tcp or http check is a non-blocking socket in one selector, an exec
 * check a child whose exit the launcher's reaper hears.
 */
public final class Probes implements Checks, StdoutWatcher, AutoCloseable {
    private static final Logger LOG = LogManager.getLogger("taskmaster.checks");

    private final ProbeLoop loop = new ProbeLoop();
    private final ExecProbe exec;
    private final LogChecks logs = new LogChecks();
    private final HttpsProbe https = new HttpsProbe(loop);

    /** @param launcher starts exec checks (the daemon's own, so they are reaped and guarded as its programs are) */
    public Probes(Launcher launcher) {
        this.exec = new ExecProbe(launcher, loop);
    }

    @Override
    public Watch watch(ProcessSpec spec, long pid, Check check, Consumer<Notice> notices) {
        if (check instanceof Check.Log l) {
            return logs.watch(spec, pid, l, notices);
        }
        throw new IllegalArgumentException("internal error: " + check.describe() + " is asked, not pushed");
    }

    @Override
    public CompletableFuture<CheckResult> probe(ProcessSpec spec, long pid, Check check, long timeoutMillis) {
        return switch (check) {
            case Check.Tcp t -> connect(new TcpProbe(loop, t.host(), t.port(), timeoutMillis));
            case Check.Http h -> http(h, timeoutMillis);
            case Check.Exec e -> exec.probe(spec, e, timeoutMillis);
            case Check.Log l -> CompletableFuture.completedFuture(logs.probe(spec, pid, l));
            case Check.Notify n -> CompletableFuture.completedFuture(CheckResult.failed("notify cannot be asked"));
            case Check.Fd f -> CompletableFuture.completedFuture(CheckResult.failed("fd cannot be asked"));
        };
    }

    private CompletableFuture<CheckResult> http(Check.Http h, long timeoutMillis) {
        String scheme = h.uri().getScheme();
        if ("https".equalsIgnoreCase(scheme)) {
            return https.probe(h.uri(), timeoutMillis);
        }
        if (!"http".equalsIgnoreCase(scheme)) {
            return CompletableFuture.completedFuture(
                    CheckResult.failed(scheme + ": not supported, only http and https"));
        }
        return connect(new HttpProbe(loop, h.uri(), timeoutMillis));
    }

    private CompletableFuture<CheckResult> connect(SocketProbe p) {
        if (!loop.execute(p::start)) {
            p.result.complete(CheckResult.failed("the checks are closed"));
        }
        return p.result;
    }

    @Override
    public void onStdout(ProcessSpec spec, long pid, byte[] bytes) {
        logs.onStdout(spec, pid, bytes);
    }

    /** "timed out after 5 s": the message of every check that ran out of time. */
    static String timedOut(long millis) {
        return millis % 1000 == 0
                ? "timed out after " + millis / 1000 + " s"
                : "timed out after " + millis / 1000.0 + " s";
    }

    /** Kills the exec checks still running and stops the thread; checks in flight fail. */
    @Override
    public void close() {
        exec.close();
        https.close();
        try {
            loop.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("probes: interrupted while closing");
        }
    }
}
