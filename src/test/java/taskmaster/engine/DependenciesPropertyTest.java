package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * Random operations on a diamond of dependencies, on the fake clock. Whatever happens: a process
 * is spawned only while what it depends on is RUNNING (a retry of a start under way excepted), no
 * process has two children, and once the engine is quiet every operation has been answered (a
 * start that waits for a dependency is answered when it can no longer come up by itself).
 */
class DependenciesPropertyTest {

    private static final List<String> NAMES = List.of("a", "b", "c", "d");

    @Test
    void randomRunsKeepTheOrderAndAnswerEveryOperation() {
        for (long seed = 1; seed <= 300; seed++) {
            run(seed);
        }
    }

    private void run(long seed) {
        Random rnd = new Random(seed);
        FakeLoop loop = new FakeLoop();
        FakeLauncher launcher = new FakeLauncher(loop);
        List<String> violations = new ArrayList<>();
        List<String> history = new ArrayList<>();
        Configuration[] config = new Configuration[1];
        Engine[] holder = new Engine[1];
        boolean[] down = {false};
        Engine engine = new Engine(loop, launcher, event -> {
            if (down[0] && event instanceof EngineEvent.StopRequested s) {
                for (ProcessSpec q : config[0].processes()) {
                    ProcessState qs = holder[0].process(q.name()).orElseThrow().state();
                    if (q.lifecycle().dependsOn().contains(s.process()) && !qs.isDown()) {
                        violations.add("shutdown stops " + s.process() + " while " + q.name() + " is " + qs);
                    }
                }
            }
            if (event instanceof EngineEvent.Spawned s) {
                ProcessState before =
                        holder[0].process(s.process()).orElseThrow().state();
                ProcessSpec spec = spec(config[0], s.process());
                if (before != ProcessState.BACKOFF) {
                    for (String dep : spec.lifecycle().dependsOn()) {
                        ProcessState ds = holder[0].process(dep).orElseThrow().state();
                        if (ds != ProcessState.RUNNING) {
                            violations.add("t=" + loop.now() + " " + s.process() + " spawned from " + before + " while "
                                    + dep + " is " + ds);
                        }
                    }
                }
            }
        });
        holder[0] = engine;
        launcher.reaction =
                (s, sig) -> sig == Signal.KILL ? 10 : Long.parseLong(s.argv().get(2));
        boolean[] wide = {true};
        config[0] = config(rnd, wide[0]);
        engine.reload(config[0]);
        loop.runPending();
        List<CompletableFuture<?>> ops = new ArrayList<>();
        for (int step = 0; step < 40; step++) {
            String name = NAMES.get(rnd.nextInt(NAMES.size()));
            int op = rnd.nextInt(9);
            history.add("t=" + loop.now() + " op " + op + " " + name + " (#" + ops.size() + ")");
            switch (op) {
                case 0, 1 -> ops.add(engine.start(List.of(name)));
                case 2 -> ops.add(engine.stop(List.of(name)));
                case 3 -> ops.add(engine.stopWithDependents(List.of(name)));
                case 4 -> ops.add(engine.restart(List.of(name)));
                case 5 -> {
                    long pid = engine.process(name).orElseThrow().pid();
                    if (pid != 0 && launcher.alive(pid)) {
                        launcher.exit(pid, ExitStatus.exited(rnd.nextInt(2)));
                    }
                }
                case 6 -> {
                    if (launcher.failing.containsKey("a")) {
                        launcher.failing.remove("a");
                    } else {
                        launcher.failing.put("a", "can't find command (test)");
                    }
                }
                case 7 -> {
                    wide[0] = !wide[0];
                    config[0] = config(rnd, wide[0]);
                    ops.add(engine.reload(config[0]));
                }
                default -> loop.advance(rnd.nextInt(3000));
            }
            loop.runPending();
            for (String n : NAMES) {
                if (launcher.liveChildren(n).size() > 1) {
                    violations.add("t=" + loop.now() + " " + n + " has children " + launcher.liveChildren(n));
                }
            }
        }
        launcher.failing.clear();
        for (int i = 0; i < 100 && loop.hasTimers(); i++) {
            loop.advance(Math.max(1, loop.nextDeadline() - loop.now()));
        }
        assertThat(loop.hasTimers()).as("seed %d: never quiet", seed).isFalse();
        assertThat(violations)
                .as("seed %d:\n%s", seed, String.join("\n", history))
                .isEmpty();
        for (int i = 0; i < ops.size(); i++) {
            assertThat(ops.get(i))
                    .as(
                            "seed %d: operation %d never answered\n%s\n%s",
                            seed,
                            i,
                            String.join("\n", history),
                            engine.processes().stream()
                                    .map(p -> p.name() + " " + p.state() + " wanted=" + p.wanted() + " waiting="
                                            + p.waitingFor())
                                    .toList())
                    .isDone();
        }
        // Everything up, then the shutdown: dependents are down before what they depend on is stopped.
        launcher.failing.clear();
        engine.start(List.of("all"));
        loop.advance(10_000);
        down[0] = true;
        CompletableFuture<Void> shutdown = engine.shutdown();
        loop.advance(60_000);
        assertThat(shutdown).as("seed %d: shutdown", seed).isDone();
        assertThat(violations)
                .as("seed %d:\n%s", seed, String.join("\n", history))
                .isEmpty();
    }

    /** d depends on b and c (or, narrow, on a alone); b and c depend on a. */
    private static Configuration config(Random rnd, boolean wide) {
        List<ProcessSpec> specs = new ArrayList<>();
        Map<String, List<String>> deps = Map.of(
                "a", List.of(), "b", List.of("a"), "c", List.of("a"), "d", wide ? List.of("b", "c") : List.of("a"));
        for (String n : NAMES) {
            int start = rnd.nextInt(3);
            int retries = rnd.nextInt(2);
            boolean auto = rnd.nextBoolean();
            AutoRestart restart = AutoRestart.values()[rnd.nextInt(AutoRestart.values().length)];
            long stopDelay = rnd.nextInt(300);
            specs.add(Specs.spec(n, b -> {
                b.startSeconds = start;
                b.startRetries = retries;
                b.autostart = auto;
                b.autorestart = restart;
                b.stopSeconds = 1;
                b.argv = List.of("/bin/prog", "v", Long.toString(stopDelay));
                b.dependsOn = deps.get(n);
                return b;
            }));
        }
        return Specs.config(specs.toArray(ProcessSpec[]::new));
    }

    private static ProcessSpec spec(Configuration c, String name) {
        return c.processes().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
