package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.ProcessSpec;

/** Engine.rollingRestart: one process at a time, the next once the one before is RUNNING again. */
class RollingRestartTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, events::add);

    /** A pool of three: each dies 200 ms after TERM, and is RUNNING 2 s after its spawn. */
    private static ProcessSpec[] pool() {
        List<ProcessSpec> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(spec("web_0" + i, b -> {
                b.program = "web";
                b.group = "web";
                b.startSeconds = 2;
                return b;
            }));
        }
        return out.toArray(ProcessSpec[]::new);
    }

    private long up() {
        return engine.processes().stream()
                .filter(p -> p.state() == ProcessState.RUNNING)
                .count();
    }

    private void start() {
        launcher.reaction = (spec, signal) -> 200;
        engine.reload(config(pool())).join();
        loop.advance(2000);
        assertThat(up()).isEqualTo(3);
    }

    @Test
    void restartsOneAtATimeNeverTwoDown() {
        start();
        long before = launcher.spawns.size();
        CompletableFuture<List<Outcome>> f = engine.rollingRestart(List.of("web:*"));
        long fewest = 3;
        for (int t = 0; t < 300 && !f.isDone(); t++) {
            loop.advance(50);
            fewest = Math.min(fewest, up());
        }
        assertThat(f).isCompleted();
        assertThat(f.join()).extracting(Outcome::process).containsExactly("web_00", "web_01", "web_02");
        assertThat(f.join()).allMatch(Outcome::ok);
        assertThat(fewest).isEqualTo(2);
        assertThat(up()).isEqualTo(3);
        assertThat(launcher.spawns.subList((int) before, launcher.spawns.size()))
                .extracting(FakeLauncher.Spawn::name)
                .containsExactly("web_00", "web_01", "web_02");
        // Each spawn waits for the one before to be up for its starttime: 200 ms stop, 2 s start.
        List<Long> at = launcher.spawns.subList((int) before, launcher.spawns.size()).stream()
                .map(FakeLauncher.Spawn::at)
                .toList();
        assertThat(at.get(1) - at.get(0)).isEqualTo(2200);
        assertThat(at.get(2) - at.get(1)).isEqualTo(2200);
    }

    @Test
    void oneThatDoesNotComeBackStopsItAndIsNamed() {
        start();
        launcher.failing.put("web_01", "can't find command 'web'");
        CompletableFuture<List<Outcome>> f = engine.rollingRestart(List.of("web"));
        for (int t = 0; t < 200 && !f.isDone(); t++) {
            loop.advance(50);
        }
        List<Outcome> outcomes = f.join();
        assertThat(outcomes).extracting(Outcome::process).containsExactly("web_00", "web_01", "web_02");
        assertThat(outcomes.get(0).ok()).isTrue();
        assertThat(outcomes.get(1).fault()).isEqualTo(Fault.SPAWN_ERROR);
        assertThat(outcomes.get(2).fault()).isEqualTo(Fault.FAILED);
        assertThat(outcomes.get(2).message()).contains("web_01").contains("not restarted");
        // The third was left alone: same child, still RUNNING.
        assertThat(launcher.spawnCount("web_02")).isEqualTo(1);
        assertThat(engine.process("web_02").orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    void anUnknownNameIsRefusedBeforeAnythingIsRestarted() {
        start();
        CompletableFuture<List<Outcome>> f = engine.rollingRestart(List.of("web", "nope"));
        loop.runPending();
        assertThat(f).isCompletedExceptionally();
        assertThat(launcher.spawns).hasSize(3);
    }

    @Test
    void theShutdownCutsItShort() {
        start();
        CompletableFuture<List<Outcome>> f = engine.rollingRestart(List.of("web"));
        loop.advance(300); // web_00 stopped and spawned again, starting
        engine.shutdown();
        for (int t = 0; t < 200 && !f.isDone(); t++) {
            loop.advance(50);
        }
        List<Outcome> outcomes = f.join();
        assertThat(outcomes.getFirst().ok()).isFalse();
        assertThat(outcomes.subList(1, 3)).allMatch(o -> o.fault() == Fault.FAILED);
        assertThat(launcher.spawnCount("web_01")).isEqualTo(1);
    }
}
