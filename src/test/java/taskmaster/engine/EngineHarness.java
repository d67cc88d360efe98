package taskmaster.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * An engine on the fake clock and launcher that checks its invariants after every step: the
 * property tests and the regression tests made from their counterexamples drive it.
 *
 * <p>Children are modelled by their command: {@code /bin/prog <variant> <stop>} dies
 * {@code stop} ms after TERM, INT or HUP, or ignores them when {@code stop} is negative; every
 * child dies 10 ms after SIGKILL; USR1 does nothing.
 */
final class EngineHarness {

    static final long KILL_DELAY_MS = 10;
    /** Slack on every bound: a loop turn, a SIGKILL's delay. */
    static final long MARGIN_MS = 100;

    final FakeLoop loop = new FakeLoop();
    final FakeLauncher launcher = new FakeLauncher(loop);
    final List<EngineEvent> events = new ArrayList<>();
    final Engine engine;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, ProcessState> lastState = new HashMap<>();
    private final Map<String, Boolean> exitWantedRestart = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    /** The largest stoptime, starttime and number of processes any configuration had. */
    private int maxStop;

    private int maxStart;
    private int maxProcs;
    private int spawnsAtShutdown = -1;
    private Configuration config;

    /** What an operation waits for at most; its bound is taken from the largest times of the run. */
    private enum Kind {
        STOP,
        START,
        SIGNAL,
        SHUTDOWN
    }

    private record Pending(String what, Kind kind, long issuedAt, CompletableFuture<?> future, long[] doneAt) {}

    private long bound(Kind kind) {
        return switch (kind) {
            case STOP -> stopBound();
            case START -> stopBound() + startBound();
            case SIGNAL -> 0;
            case SHUTDOWN -> (maxProcs + 1) * stopBound();
        };
    }

    EngineHarness() {
        engine = new Engine(loop, launcher, this::onEvent);
        launcher.reaction = EngineHarness::reaction;
    }

    static List<String> argv(int variant, long stopDelay) {
        return List.of("/bin/prog", "v" + variant, Long.toString(stopDelay));
    }

    private static long reaction(ProcessSpec spec, Signal signal) {
        return switch (signal) {
            case KILL -> KILL_DELAY_MS;
            case TERM, INT, HUP -> Long.parseLong(spec.argv().get(2));
            default -> -1;
        };
    }

    // ---- steps ----

    void reload(Configuration next) {
        config = next;
        maxStop = Math.max(
                maxStop,
                next.processes().stream()
                        .mapToInt(ProcessSpec::stopSeconds)
                        .max()
                        .orElse(0));
        maxStart = Math.max(
                maxStart,
                next.processes().stream()
                        .mapToInt(ProcessSpec::startSeconds)
                        .max()
                        .orElse(0));
        maxProcs =
                Math.max(maxProcs, next.processes().size() + engine.processes().size());
        track(
                "reload " + next.processes().stream().map(ProcessSpec::name).toList(),
                Kind.STOP,
                () -> engine.reload(next));
    }

    void start(String name) {
        track("start " + name, Kind.START, () -> engine.start(List.of(name)));
    }

    void stop(String name) {
        track("stop " + name, Kind.STOP, () -> engine.stop(List.of(name)));
    }

    void restart(String name) {
        track("restart " + name, Kind.START, () -> engine.restart(List.of(name)));
    }

    /** Forget answers at once: the starts and stops it causes are the process's own afterwards. */
    void forget(String name) {
        track("forget " + name, Kind.SIGNAL, () -> engine.forget(List.of(name)));
    }

    void signal(String name, Signal sig) {
        track("signal " + name + " " + sig, Kind.SIGNAL, () -> engine.signal(List.of(name), sig));
    }

    void shutdown() {
        if (spawnsAtShutdown < 0) {
            spawnsAtShutdown = launcher.spawns.size();
        }
        track("shutdown", Kind.SHUTDOWN, engine::shutdown);
    }

    /** The current child of {@code name} ends by itself. */
    void childExits(String name, ExitStatus status) {
        long pid = engine.process(name).map(ProcessSnapshot::pid).orElse(0L);
        if (pid != 0 && launcher.alive(pid)) {
            log.add("t=" + loop.now() + " exit " + name + " " + status.describe());
            launcher.exit(pid, status);
        }
    }

    void failSpawns(String program, boolean fail) {
        if (fail) {
            launcher.failing.put(program, "can't find command (test)");
        } else {
            launcher.failing.remove(program);
        }
    }

    void advance(long ms) {
        loop.advance(ms);
    }

    /** Lets every timer fire and every child it concerns end: the engine has nothing left to do. */
    void quiesce() {
        for (int i = 0; i < 1000 && loop.hasTimers(); i++) {
            loop.advance(Math.max(0, loop.nextDeadline() - loop.now()));
        }
        if (loop.hasTimers()) {
            violations.add("never quiet: timers still pending at t=" + loop.now());
        }
    }

    List<String> names() {
        return engine.processes().stream().map(ProcessSnapshot::name).toList();
    }

    // ---- the invariants ----

    /** Checks everything that must hold after any step; returns the violations (empty: all good). */
    List<String> check() {
        loop.runPending();
        List<ProcessSnapshot> procs = engine.processes();
        Set<String> present = procs.stream().map(ProcessSnapshot::name).collect(Collectors.toSet());
        lastState.keySet().retainAll(present); // a removed process that comes back is a new machine

        Map<String, Long> liveByName = new HashMap<>();
        for (long pid : launcher.live()) {
            String name = launcher.spawns.stream()
                    .filter(s -> s.pid() == pid)
                    .findFirst()
                    .orElseThrow()
                    .name();
            liveByName.merge(name, 1L, Long::sum);
            long owners = procs.stream().filter(p -> p.pid() == pid).count();
            if (owners != 1) {
                violations.add("child " + pid + " of " + name + " is alive and the pid of " + owners + " processes");
            }
        }
        liveByName.forEach((name, n) -> {
            if (n > 1) {
                violations.add(name + " has " + n + " live children");
            }
        });
        for (ProcessSnapshot p : procs) {
            if (p.state().isSignallable() != (p.pid() != 0)) {
                violations.add(p.name() + " is " + p.state() + " with pid " + p.pid());
            }
            if (p.pid() != 0 && !launcher.alive(p.pid())) {
                violations.add(p.name() + " holds pid " + p.pid() + " whose child is gone (a lost exit)");
            }
        }
        if (spawnsAtShutdown >= 0 && launcher.spawns.size() > spawnsAtShutdown) {
            violations.add("spawned after shutdown began: "
                    + launcher.spawns.subList(spawnsAtShutdown, launcher.spawns.size()));
        }
        for (Pending p : pending) {
            long answeredAt = p.future().isDone() ? p.doneAt()[0] : loop.now();
            long bound = bound(p.kind()) + MARGIN_MS;
            if (answeredAt - p.issuedAt() > bound) {
                violations.add("'" + p.what() + "' issued at t=" + p.issuedAt() + " not answered within " + bound
                        + " ms (" + (p.future().isDone() ? "at t=" + answeredAt : "still open") + ")");
            }
            if (p.future().isCompletedExceptionally()) {
                try {
                    p.future().join();
                } catch (CompletionException e) {
                    if (!(e.getCause() instanceof EngineException)) {
                        violations.add("'" + p.what() + "' failed with an internal error: " + e.getCause());
                    }
                }
            }
        }
        pending.removeIf(p -> p.future().isDone());
        return List.copyOf(violations);
    }

    /** Once quiet: what each process is agrees with what is wanted of it. */
    List<String> checkQuiet() {
        List<String> out = new ArrayList<>(check());
        for (ProcessSnapshot p : engine.processes()) {
            boolean fine;
            if (spawnsAtShutdown >= 0) {
                fine = p.state().isDown();
            } else if (p.wanted()) {
                fine = p.state() == ProcessState.RUNNING
                        || p.state() == ProcessState.FATAL
                        || p.state() == ProcessState.EXITED && !restartsAfterLastExit(p);
            } else {
                fine = p.state().isDown();
            }
            if (!fine) {
                out.add("quiet, yet " + p.name() + " is " + p.state() + " while wanted=" + p.wanted()
                        + (spawnsAtShutdown >= 0 ? " after shutdown" : ""));
            }
        }
        if (spawnsAtShutdown < 0 && config != null) {
            Set<String> configured =
                    config.processes().stream().map(ProcessSpec::name).collect(Collectors.toSet());
            if (!configured.equals(Set.copyOf(names()))) {
                out.add("quiet, yet the processes " + names() + " are not the configured " + configured);
            }
        }
        if (spawnsAtShutdown >= 0 && !launcher.live().isEmpty()) {
            out.add("quiet after shutdown, yet children live: " + launcher.live());
        }
        return out;
    }

    /** Whether the policy in force when it last exited from RUNNING asked for a restart. */
    private boolean restartsAfterLastExit(ProcessSnapshot p) {
        return exitWantedRestart.getOrDefault(p.name(), false);
    }

    String history() {
        return String.join("\n", log);
    }

    // ---- bookkeeping ----

    private long stopBound() {
        // The stop signal, stoptime, SIGKILL (at once for stoptime 0), its delay.
        return maxStop * 1000L + KILL_DELAY_MS;
    }

    private long startBound() {
        return maxStart * 1000L;
    }

    private void track(String what, Kind kind, java.util.function.Supplier<CompletableFuture<?>> op) {
        log.add("t=" + loop.now() + " " + what);
        CompletableFuture<?> f = op.get();
        long[] doneAt = {-1};
        f.whenComplete((v, e) -> doneAt[0] = loop.now());
        pending.add(new Pending(what, kind, loop.now(), f, doneAt));
        loop.runPending();
    }

    private void onEvent(EngineEvent event) {
        events.add(event);
        if (event instanceof EngineEvent.StateChanged sc) {
            String name = sc.snapshot().name();
            ProcessState before = lastState.getOrDefault(name, ProcessState.STOPPED);
            if (sc.from() != before) {
                violations.add(name + ": a change from " + sc.from() + " but it was " + before);
            }
            if (!sc.from().canMoveTo(sc.to())) {
                violations.add(name + ": " + sc.from() + " -> " + sc.to() + " is not a documented arc");
            }
            lastState.put(name, sc.to());
            log.add("t=" + loop.now() + "   " + name + " " + sc.from() + " -> " + sc.to());
        } else if (event instanceof EngineEvent.Exited e && e.from() == ProcessState.RUNNING) {
            ProcessSpec spec = config.processes().stream()
                    .filter(s -> s.name().equals(e.process()))
                    .findFirst()
                    .orElse(null);
            exitWantedRestart.put(e.process(), spec != null && Proc.restartsAfter(spec.autorestart(), e.expected()));
            log.add("t=" + loop.now() + "   exited " + e.process() + " "
                    + e.status().describe());
        } else if (event instanceof EngineEvent.Spawned s) {
            log.add("t=" + loop.now() + "   spawned " + s.process() + " pid " + s.pid());
        }
    }
}
