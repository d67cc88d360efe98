package taskmaster.checks;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import taskmaster.engine.CheckResult;
import taskmaster.engine.ExitStatus;
import taskmaster.engine.Launcher;
import taskmaster.engine.SpawnException;
import taskmaster.model.Check;
import taskmaster.model.Lifecycle;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * {@code exec:COMMAND}: the command exits 0. It is started by the daemon's own launcher, as the
 * program would be: the program's environment over the daemon's (with SUPERVISOR_PROCESS_NAME
 * and the rest), its directory, umask and user (through setpriv, so a check of a program with
 * {@code user =} runs as that user, never as root), stdin, stdout and stderr on /dev/null, in a
 * session and process group of its own. So it costs no thread: its exit is heard by the
 * launcher's one reaper, which also kills what it left in its group. At the timeout its whole
 * group is killed. Spawned on the {@link ProbeLoop}, never on the caller's thread.
 */
final class ExecProbe {
    private final Launcher launcher;
    private final ProbeLoop loop;
    /** Checks still running, killed at close. */
    private final Set<Long> running = ConcurrentHashMap.newKeySet();

    ExecProbe(Launcher launcher, ProbeLoop loop) {
        this.launcher = launcher;
        this.loop = loop;
    }

    CompletableFuture<CheckResult> probe(ProcessSpec spec, Check.Exec check, long timeoutMillis) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        if (!loop.execute(() -> start(spec, check, timeoutMillis, result))) {
            result.complete(CheckResult.failed("the checks are closed"));
        }
        return result;
    }

    /** On the loop thread. */
    private void start(ProcessSpec spec, Check.Exec check, long timeoutMillis, CompletableFuture<CheckResult> result) {
        if (loop.closed()) {
            result.complete(CheckResult.failed("the checks are closed"));
            return;
        }
        long pid;
        // The timer first: an exit reported before spawn() returns must find it to cancel.
        long[] pidBox = {0};
        ProbeLoop.Timer timer = loop.schedule(timeoutMillis, () -> {
            if (result.complete(CheckResult.failed(Probes.timedOut(timeoutMillis)))) {
                launcher.signal(pidBox[0], Signal.KILL, true);
            }
        });
        try {
            pid = launcher.spawn(commandSpec(spec, check), status -> {
                timer.cancel();
                result.complete(outcome(status));
            });
        } catch (SpawnException | RuntimeException e) {
            timer.cancel();
            result.complete(CheckResult.failed("couldn't start: " + e.getMessage()));
            return;
        }
        pidBox[0] = pid; // the timer runs on this thread, after this task
        running.add(pid);
        result.whenComplete((r, e) -> running.remove(pid));
    }

    static CheckResult outcome(ExitStatus status) {
        return !status.bySignal() && status.code() == 0
                ? CheckResult.ok(status.describe())
                : CheckResult.failed(status.describe());
    }

    /** The program's spec with the check's command, its output discarded, nothing else of the program's life. */
    static ProcessSpec commandSpec(ProcessSpec spec, Check.Exec check) {
        return new ProcessSpec(
                spec.name(),
                spec.program(),
                spec.group(),
                spec.processNum(),
                check.command(),
                check.argv(),
                spec.environment(),
                spec.workingDir(),
                spec.umask(),
                spec.user(),
                Output.DISCARD,
                Output.DISCARD,
                false,
                spec.priority(),
                false,
                spec.autorestart(),
                spec.exitCodes(),
                0,
                0,
                Signal.KILL,
                0,
                true,
                true,
                false,
                false,
                false,
                false,
                Lifecycle.DEFAULT);
    }

    /** Kills the checks still running (their groups); their futures complete as the exits come. */
    void close() {
        for (long pid : running) {
            launcher.signal(pid, Signal.KILL, true);
        }
    }
}
