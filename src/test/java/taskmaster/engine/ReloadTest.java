package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.RUNNING;
import static taskmaster.mbeans.ProcessState.STOPPED;
import static taskmaster.mbeans.ProcessState.STOPPING;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/** Reload applies only what changed, process by process. */
class ReloadTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, events::add);

    private long pid(String name) {
        return engine.process(name).orElseThrow().pid();
    }

    private taskmaster.mbeans.ProcessState state(String name) {
        return engine.process(name).orElseThrow().state();
    }

    private ReloadReport apply(Configuration c) {
        CompletableFuture<ReloadReport> f = engine.reload(c);
        loop.runPending();
        return f.getNow(null);
    }

    /** Ends every process the launcher was asked to stop, as a well-behaved program would. */
    private void stoppedProcessesExit() {
        for (FakeLauncher.Sent s : List.copyOf(launcher.signals)) {
            if (launcher.alive(s.pid()) && s.signal() == Signal.TERM) {
                launcher.exit(s.pid(), ExitStatus.killed(15));
            }
        }
    }

    @Test
    void theFirstReloadMakesEveryProcessBeforeItsFirstSpawnAndTellsWhoWaits() {
        List<ProcessSpec> specs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            specs.add(spec("p" + i, b -> {
                b.startSeconds = 0;
                return b;
            }));
        }
        List<String> seen = new ArrayList<>();
        int[] spawnsThen = {-1};
        CompletableFuture<ReloadReport> f = engine.reload(config(specs.toArray(ProcessSpec[]::new)), () -> {
            engine.processes().forEach(p -> seen.add(p.name() + " " + p.state()));
            spawnsThen[0] = launcher.spawns.size();
        });
        loop.runPending();
        assertThat(f).isCompleted();
        // When told, all 50 are there, none spawned yet: a reader then never sees a part of them.
        assertThat(spawnsThen[0]).isZero();
        assertThat(seen).hasSize(50).allMatch(l -> l.endsWith(" STOPPED"));
        assertThat(launcher.spawns).hasSize(50);
        assertThat(engine.processes()).allMatch(p -> p.state() == RUNNING);
    }

    @Test
    void unchangedKeepsItsPidChangedRestartsAddedStartsRemovedStops() {
        apply(config(
                spec("same", b -> {
                    b.startSeconds = 0;
                    return b;
                }),
                spec("changed", b -> {
                    b.startSeconds = 0;
                    return b;
                }),
                spec("gone", b -> {
                    b.startSeconds = 0;
                    return b;
                })));
        long same = pid("same");
        long changed = pid("changed");
        long gone = pid("gone");

        CompletableFuture<ReloadReport> f = engine.reload(config(
                spec("same", b -> {
                    b.startSeconds = 0;
                    return b;
                }),
                spec("changed", b -> {
                    b.startSeconds = 0;
                    b.argv = List.of("/bin/sleep", "2000");
                    return b;
                }),
                spec("new", b -> {
                    b.startSeconds = 0;
                    return b;
                })));
        assertThat(state("changed")).isEqualTo(STOPPING);
        assertThat(state("gone")).isEqualTo(STOPPING);
        stoppedProcessesExit();
        ReloadReport report = f.join();

        assertThat(report.added()).containsExactly("new");
        assertThat(report.changed()).containsExactly("changed");
        assertThat(report.removed()).containsExactly("gone");
        assertThat(report.restarted()).containsExactly("changed");
        assertThat(pid("same")).isEqualTo(same);
        assertThat(launcher.signalsTo(same)).isEmpty();
        assertThat(pid("changed")).isNotIn(0L, changed);
        assertThat(engine.process("changed").orElseThrow().state()).isEqualTo(RUNNING);
        assertThat(engine.process("new").orElseThrow().state()).isEqualTo(RUNNING);
        assertThat(engine.process("gone")).isEmpty();
        assertThat(launcher.alive(gone)).isFalse();
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.Reloaded).hasSize(1);
    }

    @Test
    void aPolicyChangeAppliesInPlaceWithoutARestart() {
        apply(config(spec("web", b -> {
            b.startSeconds = 0;
            return b;
        })));
        long pid = pid("web");
        ReloadReport report = apply(config(spec("web", b -> {
            b.startSeconds = 0;
            b.autorestart = AutoRestart.FALSE;
            b.stopSeconds = 3;
            return b;
        })));
        assertThat(report.changed()).containsExactly("web");
        assertThat(report.restarted()).isEmpty();
        assertThat(pid("web")).isEqualTo(pid);
        launcher.exit(pid, ExitStatus.exited(9));
        assertThat(state("web")).isEqualTo(taskmaster.mbeans.ProcessState.EXITED); // the new policy is in force
    }

    @Test
    void numprocsGrowsAndShrinksWithoutTouchingTheOthers() {
        apply(config(
                spec("w_00", b -> {
                    b.program = "w";
                    b.group = "w";
                    b.startSeconds = 0;
                    return b;
                }),
                spec("w_01", b -> {
                    b.program = "w";
                    b.group = "w";
                    b.startSeconds = 0;
                    return b;
                })));
        long w0 = pid("w_00");
        ReloadReport report = apply(config(
                spec("w_00", b -> {
                    b.program = "w";
                    b.group = "w";
                    b.startSeconds = 0;
                    return b;
                }),
                spec("w_01", b -> {
                    b.program = "w";
                    b.group = "w";
                    b.startSeconds = 0;
                    return b;
                }),
                spec("w_02", b -> {
                    b.program = "w";
                    b.group = "w";
                    b.startSeconds = 0;
                    return b;
                })));
        assertThat(report.changed()).containsExactly("w");
        assertThat(pid("w_00")).isEqualTo(w0);
        assertThat(state("w_02")).isEqualTo(RUNNING);

        CompletableFuture<ReloadReport> shrink = engine.reload(config(spec("w_00", b -> {
            b.program = "w";
            b.group = "w";
            b.startSeconds = 0;
            return b;
        })));
        stoppedProcessesExit();
        assertThat(shrink.join().changed()).containsExactly("w");
        assertThat(engine.processes()).extracting(ProcessSnapshot::name).containsExactly("w_00");
        assertThat(pid("w_00")).isEqualTo(w0);
    }

    @Test
    void aChangedProgramTheOperatorStoppedStaysStopped() {
        apply(config(spec("m", b -> {
            b.startSeconds = 0;
            return b;
        })));
        long pid = pid("m");
        engine.stop(List.of("m"));
        launcher.exit(pid, ExitStatus.killed(15));
        apply(config(spec("m", b -> {
            b.startSeconds = 0;
            b.argv = List.of("/bin/true");
            return b;
        })));
        assertThat(state("m")).isEqualTo(STOPPED);
        assertThat(launcher.spawnCount("m")).isEqualTo(1);
    }

    @Test
    void anUnchangedStoppedProgramIsNotStartedByAReload() {
        apply(config(spec("m", b -> {
            b.startSeconds = 0;
            return b;
        })));
        long pid = pid("m");
        engine.stop(List.of("m"));
        launcher.exit(pid, ExitStatus.killed(15));
        apply(config(
                spec("m", b -> {
                    b.startSeconds = 0;
                    return b;
                }),
                spec("other")));
        assertThat(state("m")).isEqualTo(STOPPED);
    }

    @Test
    void reReadDiffAppliesNothing() {
        apply(config(spec("a", b -> {
            b.startSeconds = 0;
            return b;
        })));
        long pid = pid("a");
        ReloadReport diff = engine.diff(config(spec("b")));
        assertThat(diff.added()).containsExactly("b");
        assertThat(diff.removed()).containsExactly("a");
        assertThat(pid("a")).isEqualTo(pid);
        assertThat(engine.process("b")).isEmpty();
    }

    @Test
    void aProgramRemovedAndAddedBackBeforeItStoppedIsKept() {
        apply(config(spec("a", b -> {
            b.startSeconds = 0;
            return b;
        })));
        long pid = pid("a");
        engine.reload(config(spec("other", b -> {
            b.startSeconds = 0;
            return b;
        })));
        loop.runPending();
        CompletableFuture<ReloadReport> back = engine.reload(config(spec("a", b -> {
            b.startSeconds = 0;
            return b;
        })));
        stoppedProcessesExit();
        back.join();
        assertThat(engine.process("a")).isPresent();
        assertThat(state("a")).isEqualTo(RUNNING);
        assertThat(pid("a")).isNotEqualTo(pid);
    }
}
