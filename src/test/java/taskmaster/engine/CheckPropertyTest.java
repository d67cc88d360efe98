package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.AutoRestart;
import taskmaster.model.Check;
import taskmaster.model.HealthCheck;
import taskmaster.model.Lifecycle;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Readiness;

/**
 * Random notices (current and stale), probe answers, exits, operations and clock moves against
 * processes with readiness checks, health checks and a watchdog: never two children of one
 * process, never RUNNING without a readiness success of its own child, nothing of a check left
 * once a process is down.
 */
class CheckPropertyTest {

    private static final Check HEALTH_TCP = new Check.Tcp("127.0.0.1", 2);

    /** What the test may do in one step; {@code arg} picks among the candidates. */
    record Step(int kind, int arg) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, 12),
                        Arbitraries.integers().between(0, 1000))
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(80);
    }

    private static List<ProcessSpec> specs() {
        return specs(1, 1);
    }

    /** {@code t}'s ready port and health interval vary by reload: both apply in place. */
    private static List<ProcessSpec> specs(int readyPort, int healthInterval) {
        return List.of(
                spec("n", b -> {
                    b.startSeconds = 2;
                    b.startRetries = 2;
                    b.autorestart = AutoRestart.TRUE;
                    b.lifecycle = Lifecycle.DEFAULT
                            .withReadiness(new Readiness(new Check.Notify(), 5, 3))
                            .withHealth(new HealthCheck(HEALTH_TCP, 2, 1, 2));
                    return b;
                }),
                spec("t", b -> {
                    b.startSeconds = 0;
                    b.startRetries = 1;
                    b.lifecycle = Lifecycle.DEFAULT
                            .withReadiness(new Readiness(new Check.Tcp("127.0.0.1", readyPort), 10, 0))
                            .withHealth(new HealthCheck(HEALTH_TCP, healthInterval, 1, 1));
                    return b;
                }));
    }

    @Property
    void checksNeverMakeTwoChildrenOrARunningWithoutReady(@ForAll("steps") List<Step> steps) {
        FakeLoop loop = new FakeLoop();
        FakeLauncher launcher = new FakeLauncher(loop);
        FakeChecks checks = new FakeChecks(loop);
        launcher.reaction = (s, sig) -> 50;
        /** Pids whose own readiness succeeded: a READY=1 on a live watch, or an ok answer to a ready probe. */
        Set<Long> readied = new HashSet<>();
        List<String> violations = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        Engine engine = new Engine(loop, launcher, checks, e -> {
            switch (e) {
                case EngineEvent.NotReady x -> kinds.add("notready");
                case EngineEvent.Unhealthy x -> kinds.add("unhealthy");
                case EngineEvent.WatchdogExpired x -> kinds.add("watchdog");
                case EngineEvent.Started x -> kinds.add("running");
                default -> {}
            }
            if (e instanceof EngineEvent.StateChanged sc) {
                ProcessSnapshot s = sc.snapshot();
                if (sc.to() == ProcessState.RUNNING && !readied.contains(s.pid())) {
                    violations.add(s.name() + " RUNNING with pid " + s.pid() + " which never said it was ready");
                }
                boolean up = sc.to() == ProcessState.STARTING || sc.to() == ProcessState.RUNNING;
                if (!up
                        && (s.health().health() != Health.NONE
                                || !s.statusText().isEmpty())) {
                    violations.add(s.name() + " " + sc.to() + " keeps health " + s.health() + " / status '"
                            + s.statusText() + "'");
                }
                if (sc.to() == ProcessState.STARTING && s.health().health() != Health.NONE) {
                    violations.add(s.name() + " STARTING with health " + s.health());
                }
            }
        });
        engine.reload(config(specs().toArray(ProcessSpec[]::new)));
        loop.runPending();
        List<String> names = List.of("n", "t");
        for (Step step : steps) {
            String name = names.get(step.arg() % 2);
            long pid = engine.process(name).orElseThrow().pid();
            switch (step.kind()) {
                case 0, 1 -> {
                    // READY=1 from any watch ever given, the current one or a stale one.
                    List<FakeChecks.Watching> all = checks.watches;
                    if (!all.isEmpty()) {
                        FakeChecks.Watching w = all.get(step.arg() % all.size());
                        if (!w.cancelled
                                && w.pid
                                        == engine.process(w.process)
                                                .orElseThrow()
                                                .pid()) {
                            readied.add(w.pid);
                        }
                        checks.push(w.pid, new Notice.Ready());
                    }
                }
                case 2 -> {
                    if (!checks.watches.isEmpty()) {
                        FakeChecks.Watching w = checks.watches.get(step.arg() % checks.watches.size());
                        Notice n = switch (step.arg() % 4) {
                            case 0 -> new Notice.Watchdog();
                            case 1 -> new Notice.Status("s" + step.arg());
                            case 2 -> new Notice.ExtendTimeout(step.arg() * 10_000L);
                            default -> new Notice.Stopping();
                        };
                        checks.push(w.pid, n);
                    }
                }
                case 3, 4 -> {
                    List<FakeChecks.Probe> open = checks.openProbes();
                    if (!open.isEmpty()) {
                        FakeChecks.Probe p = open.get(step.arg() % open.size());
                        boolean ok = step.kind() == 3;
                        if (ok && !p.check().equals(HEALTH_TCP)) {
                            ProcessSnapshot s = engine.process(p.process()).orElseThrow();
                            // Counts only for the child it asked about, still STARTING and not given up on.
                            if (s.pid() == p.pid() && s.state() == ProcessState.STARTING) {
                                readied.add(p.pid());
                            }
                        }
                        p.answer().complete(ok ? CheckResult.ok("ok") : CheckResult.failed("no"));
                        loop.runPending();
                    }
                }
                case 5 -> {
                    if (pid != 0 && launcher.alive(pid)) {
                        launcher.exit(pid, ExitStatus.exited(step.arg() % 3));
                    }
                }
                case 6 -> engine.start(List.of(name));
                case 7 -> engine.stop(List.of(name));
                case 8 -> engine.restart(List.of(name));
                case 9 -> {
                    engine.reload(config(specs(step.arg() % 2 == 0 ? 1 : 3, 1 + step.arg() % 3)
                            .toArray(ProcessSpec[]::new)));
                    kinds.add("reloaded");
                }
                default -> loop.advance(step.arg() * 3L);
            }
            loop.runPending();
            Map<String, Long> children = launcher.live().stream()
                    .collect(Collectors.groupingBy(
                            p -> launcher.spawns.stream()
                                    .filter(s -> s.pid() == p)
                                    .findFirst()
                                    .orElseThrow()
                                    .name(),
                            Collectors.counting()));
            children.forEach((n, c) -> {
                if (c > 1) {
                    violations.add(n + " has " + c + " children");
                }
            });
            for (ProcessSnapshot s : engine.processes()) {
                if (s.state().isSignallable() != (s.pid() != 0)) {
                    violations.add(s.name() + " " + s.state() + " with pid " + s.pid());
                }
            }
            long liveWatches = checks.liveWatches().stream()
                    .filter(w -> engine.process(w.process).orElseThrow().pid() != w.pid)
                    .count();
            if (liveWatches > 0) {
                violations.add(liveWatches + " watches of children that are gone are still live");
            }
            assertThat(violations).as("after %s", step).isEmpty();
        }
        Statistics.label("reached RUNNING").collect(kinds.contains("running"));
        Statistics.label("not ready in time").collect(kinds.contains("notready"));
        Statistics.label("restarted unhealthy").collect(kinds.contains("unhealthy"));
        Statistics.label("watchdog expired").collect(kinds.contains("watchdog"));
    }
}
