package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.BACKOFF;
import static taskmaster.mbeans.ProcessState.RUNNING;
import static taskmaster.mbeans.ProcessState.STARTING;
import static taskmaster.mbeans.ProcessState.STOPPED;
import static taskmaster.mbeans.ProcessState.STOPPING;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.Signal;

/**
 * Engine defects found by review and by EnginePropertyTest (a double spawn, restarts in BACKOFF, spawns during the
 * shutdown, a SIGKILL loop, reload ordering, autostart changes), each reproduced on the fake clock and launcher.
 * Every test here failed before its fix.
 */
class EngineRegressionTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, events::add);

    private ProcessState state(String name) {
        return engine.process(name).orElseThrow().state();
    }

    private long pid(String name) {
        return engine.process(name).orElseThrow().pid();
    }

    private void load(Configuration c) {
        engine.reload(c);
        loop.runPending();
    }

    private long kills(long pid) {
        return launcher.signalsTo(pid).stream()
                .filter(s -> s.signal() == Signal.KILL)
                .count();
    }

    @Test
    void doubleSpawnWhenStartArrivesWhileAReloadStopsAChangedProgram() {
        load(config(spec("p", b -> {
            b.startSeconds = 0;
            b.stopSeconds = 4;
            return b;
        })));
        long first = pid("p");
        CompletableFuture<ReloadReport> reload = engine.reload(config(spec("p", b -> {
            b.startSeconds = 0;
            b.stopSeconds = 4;
            b.argv = List.of("/bin/sleep", "2000");
            return b;
        })));
        loop.runPending();
        assertThat(state("p")).isEqualTo(STOPPING);
        CompletableFuture<List<Outcome>> start = engine.start(List.of("p"));
        loop.runPending();
        loop.advance(4000); // TERM ignored: SIGKILL after the stop time
        launcher.exit(first, ExitStatus.killed(9));

        assertThat(launcher.liveChildren("p")).containsExactly(pid("p"));
        assertThat(launcher.spawnCount("p")).isEqualTo(2);
        assertThat(reload).isCompleted();
        assertThat(start).isCompleted();
        assertThat(start.join()).singleElement().matches(Outcome::ok);
        assertThat(state("p")).isEqualTo(RUNNING);
    }

    @Test
    void restartInBackoffStartsAgain() {
        load(config(spec("flaky", b -> {
            b.startSeconds = 1;
            b.startRetries = 3;
            return b;
        })));
        launcher.exit(pid("flaky"), ExitStatus.exited(1));
        assertThat(state("flaky")).isEqualTo(BACKOFF);

        CompletableFuture<List<Outcome>> restart = engine.restart(List.of("flaky"));
        loop.runPending();
        assertThat(state("flaky")).isEqualTo(STARTING);
        loop.advance(1000);
        assertThat(restart).isCompleted();
        assertThat(restart.join()).singleElement().matches(Outcome::ok);
        assertThat(state("flaky")).isEqualTo(RUNNING);
        assertThat(launcher.spawnCount("flaky")).isEqualTo(2);
    }

    @Test
    void shutdownRespawnsNothingInTheLaterBatches() {
        launcher.failing.put("retrying", "can't find command");
        load(config(
                spec("first", b -> {
                    b.priority = 900;
                    b.startSeconds = 0;
                    b.stopSeconds = 5;
                    return b;
                }),
                spec("always", b -> {
                    b.priority = 1;
                    b.startSeconds = 0;
                    b.autorestart = AutoRestart.TRUE;
                    return b;
                }),
                spec("retrying", b -> {
                    b.priority = 1;
                    b.startRetries = 10;
                    return b;
                })));
        assertThat(state("retrying")).isEqualTo(BACKOFF);
        long spawnsBefore = launcher.spawns.size();

        CompletableFuture<Void> done = engine.shutdown();
        loop.runPending();
        assertThat(state("first")).isEqualTo(STOPPING);
        assertThat(state("retrying")).isEqualTo(STOPPED); // its retry is called off at once
        launcher.exit(pid("always"), ExitStatus.exited(1)); // dies while the first batch stops
        loop.advance(5000); // "first" ignores TERM: SIGKILL
        launcher.exit(pid("first"), ExitStatus.killed(9));
        loop.advance(60_000);

        assertThat(launcher.spawns).hasSize((int) spawnsBefore);
        assertThat(done).isCompleted();
        assertThat(engine.processes()).allMatch(p -> p.state().isDown());
    }

    @Test
    void stoptimeZeroKillsOnceAtOnceThenAtMostOnceASecond() {
        load(config(spec("now", b -> {
            b.startSeconds = 0;
            b.stopSeconds = 0;
            return b;
        })));
        long pid = pid("now");
        CompletableFuture<List<Outcome>> stop = engine.stop(List.of("now"));
        loop.advance(0);
        assertThat(kills(pid)).isEqualTo(1);
        loop.advance(999);
        assertThat(kills(pid)).isEqualTo(1);
        loop.advance(1);
        assertThat(kills(pid)).isEqualTo(2); // still alive (stuck in the kernel): again, a second later
        launcher.exit(pid, ExitStatus.killed(9));
        loop.advance(10_000);
        assertThat(kills(pid)).isEqualTo(2);
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.Killed).hasSize(2);
        assertThat(stop.join()).singleElement().matches(Outcome::ok);
    }

    @Test
    void shutdownDuringAReloadCompletesTheReloadAtOnceAndNeverRelaunches() {
        load(config(spec("slow", b -> {
            b.startSeconds = 0;
            b.stopSeconds = 5;
            return b;
        })));
        long first = pid("slow");
        CompletableFuture<ReloadReport> reload = engine.reload(config(spec("slow", b -> {
            b.startSeconds = 0;
            b.stopSeconds = 5;
            b.argv = List.of("/bin/sleep", "7");
            return b;
        })));
        loop.runPending();
        assertThat(state("slow")).isEqualTo(STOPPING);
        loop.advance(1000);

        CompletableFuture<Void> down = engine.shutdown();
        loop.runPending();
        assertThat(reload).isCompletedExceptionally();
        assertThat(reload)
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableThat()
                .withMessageContaining(Fault.SHUTTING_DOWN.name());
        loop.advance(4000);
        launcher.exit(first, ExitStatus.killed(9));
        assertThat(down).isCompleted();
        assertThat(launcher.spawnCount("slow")).isEqualTo(1);
    }

    @Test
    void aReloadsStopsEndingJustAfterAShutdownIsAskedForSpawnNothing() {
        load(config(
                spec("a", b -> {
                    b.startSeconds = 0;
                    b.stopSeconds = 5;
                    return b;
                }),
                spec("b", b -> {
                    b.startSeconds = 0;
                    b.stopSeconds = 5;
                    return b;
                })));
        long a = pid("a");
        long b = pid("b");
        CompletableFuture<ReloadReport> reload = engine.reload(config(
                spec("a", s -> {
                    s.startSeconds = 0;
                    s.stopSeconds = 5;
                    s.argv = List.of("/bin/new-a");
                    return s;
                }),
                spec("b", s -> {
                    s.startSeconds = 0;
                    s.stopSeconds = 5;
                    s.argv = List.of("/bin/new-b");
                    return s;
                })));
        loop.runPending();
        assertThat(state("a")).isEqualTo(STOPPING);
        assertThat(state("b")).isEqualTo(STOPPING);
        // Both stops end; their exits wait in the loop's queue when a signal handler asks for the shutdown.
        launcher.exitQueued(a, ExitStatus.killed(15));
        launcher.exitQueued(b, ExitStatus.killed(15));
        CompletableFuture<Void> down = loop.fromAnotherThread(engine::shutdown);
        loop.runPending();

        assertThat(launcher.spawnCount("a")).isEqualTo(1);
        assertThat(launcher.spawnCount("b")).isEqualTo(1);
        assertThat(launcher.live()).isEmpty();
        assertThat(state("a")).isEqualTo(STOPPED);
        assertThat(state("b")).isEqualTo(STOPPED);
        assertThat(reload)
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableThat()
                .withMessageContaining(Fault.SHUTTING_DOWN.name());
        assertThat(down).isCompleted();
    }

    @Test
    void theShutdownBeginsOnTheLoopBeforeWhatWasQueuedAndRunsItsFirstStepOnce() {
        load(config(spec("a", b -> {
            b.startSeconds = 0;
            b.stopSeconds = 5;
            return b;
        })));
        long a = pid("a");
        engine.reload(config(spec("a", s -> {
            s.startSeconds = 0;
            s.stopSeconds = 5;
            s.argv = List.of("/bin/new-a");
            return s;
        })));
        loop.runPending();
        launcher.exitQueued(a, ExitStatus.killed(15));
        List<String> seen = new ArrayList<>();
        loop.fromAnotherThread(() -> engine.shutdown(() -> seen.add("begun, spawns " + launcher.spawns.size())));
        loop.fromAnotherThread(() -> engine.shutdown(() -> seen.add("again")));
        assertThat(seen).isEmpty(); // on the loop, not on the caller's thread
        loop.runPending();

        assertThat(seen).containsExactly("begun, spawns 1");
        assertThat(launcher.spawnCount("a")).isEqualTo(1);
        assertThat(engine.reload(config(spec("a", s -> s)))).isCompletedExceptionally();
    }

    @Test
    void inOneReloadUnrelatedStopsAndStartsDoNotWaitOnEachOther() {
        load(config(
                spec("stubborn", b -> {
                    b.startSeconds = 0;
                    b.stopSeconds = 10;
                    return b;
                }),
                spec("quick", b -> {
                    b.startSeconds = 0;
                    return b;
                })));
        long stubborn = pid("stubborn");
        long quick = pid("quick");
        CompletableFuture<ReloadReport> reload = engine.reload(config(
                spec("stubborn", b -> {
                    b.startSeconds = 0;
                    b.stopSeconds = 10;
                    b.argv = List.of("/bin/a");
                    return b;
                }),
                spec("quick", b -> {
                    b.startSeconds = 0;
                    b.argv = List.of("/bin/b");
                    return b;
                }),
                spec("added", b -> {
                    b.startSeconds = 0;
                    return b;
                })));
        loop.runPending();
        assertThat(state("added")).isEqualTo(RUNNING); // at once, not after the stops
        launcher.exit(quick, ExitStatus.killed(15));
        assertThat(state("quick")).isEqualTo(RUNNING); // its own stop is done: started again
        assertThat(pid("quick")).isNotEqualTo(quick);
        assertThat(state("stubborn")).isEqualTo(STOPPING);
        assertThat(reload).isNotCompleted();

        loop.advance(10_000);
        launcher.exit(stubborn, ExitStatus.killed(9));
        assertThat(reload).isCompleted();
        assertThat(state("stubborn")).isEqualTo(RUNNING);
    }

    /** Found by EnginePropertyTest: autostart turned off in place left the process running, unwanted. */
    @Test
    void aReloadThatTurnsAutostartOffStopsTheProcess() {
        load(config(spec("a", b -> {
            b.startSeconds = 0;
            return b;
        })));
        long pid = pid("a");
        engine.reload(config(spec("a", b -> {
            b.startSeconds = 0;
            b.autostart = false;
            return b;
        })));
        loop.runPending();
        assertThat(state("a")).isEqualTo(STOPPING);
        launcher.exit(pid, ExitStatus.killed(15));
        assertThat(state("a")).isEqualTo(STOPPED);
        assertThat(engine.process("a").orElseThrow().wanted()).isFalse();
    }

    @Test
    void aReloadThatTurnsAutostartOnStartsTheProcessUnlessTheOperatorStoppedIt() {
        load(config(
                spec("a", b -> {
                    b.startSeconds = 0;
                    b.autostart = false;
                    return b;
                }),
                spec("b", b -> {
                    b.startSeconds = 0;
                    b.autostart = false;
                    return b;
                })));
        engine.start(List.of("b"));
        loop.runPending();
        long b = pid("b");
        engine.stop(List.of("b"));
        launcher.exit(b, ExitStatus.killed(15));
        engine.reload(config(
                spec("a", b2 -> {
                    b2.startSeconds = 0;
                    return b2;
                }),
                spec("b", b2 -> {
                    b2.startSeconds = 0;
                    return b2;
                })));
        loop.runPending();
        assertThat(state("a")).isEqualTo(RUNNING);
        assertThat(state("b")).isEqualTo(STOPPED); // the operator's word stands
    }

    /**
     * Found by EnginePropertyTest: a start still waiting when a restart (or a reload's relaunch)
     * stopped the process waited on for the next start, so its answer came after its own bound.
     */
    @Test
    void aStartInterruptedByARestartIsAnsweredAtOnce() {
        load(config(spec("a", b -> {
            b.autostart = false;
            b.startSeconds = 3;
            b.stopSeconds = 4;
            return b;
        })));
        CompletableFuture<List<Outcome>> start = engine.start(List.of("a"));
        loop.advance(2000);
        CompletableFuture<List<Outcome>> restart = engine.restart(List.of("a"));
        loop.runPending();
        assertThat(start).isCompleted();
        assertThat(start.join()).singleElement().extracting(Outcome::fault).isEqualTo(Fault.ABNORMAL_TERMINATION);
        loop.advance(4000); // TERM ignored: SIGKILL
        launcher.exit(launcher.liveChildren("a").getFirst(), ExitStatus.killed(9));
        loop.advance(3000);
        assertThat(restart.join()).singleElement().matches(Outcome::ok);
    }

    /** Found by EnginePropertyTest: autostart off, then on again before the stop was over, left it STOPPED. */
    @Test
    void autostartTurnedOffThenOnAgainWhileStoppingStartsItAgain() {
        load(config(spec("b", b -> {
            b.startSeconds = 0;
            return b;
        })));
        long first = pid("b");
        engine.reload(config(spec("b", b -> {
            b.startSeconds = 0;
            b.autostart = false;
            return b;
        })));
        engine.reload(config(spec("b", b -> {
            b.startSeconds = 0;
            return b;
        })));
        loop.runPending();
        assertThat(state("b")).isEqualTo(STOPPING);
        launcher.exit(first, ExitStatus.killed(15));
        assertThat(state("b")).isEqualTo(RUNNING);
        assertThat(launcher.liveChildren("b")).containsExactly(pid("b"));
    }

    /** A start of a removed program whose stop was under way used to wait forever. */
    @Test
    void aStartOfAProgramBeingRemovedIsAnsweredAndSpawnsNothing() {
        load(config(spec("gone", b -> {
            b.startSeconds = 0;
            return b;
        })));
        long pid = pid("gone");
        engine.reload(config(spec("other", b -> {
            b.startSeconds = 0;
            return b;
        })));
        loop.runPending();
        assertThat(state("gone")).isEqualTo(STOPPING);
        CompletableFuture<List<Outcome>> start = engine.start(List.of("gone"));
        loop.runPending();
        launcher.exit(pid, ExitStatus.killed(15));
        assertThat(start).isCompleted();
        assertThat(start.join()).singleElement().extracting(Outcome::fault).isEqualTo(Fault.BAD_NAME);
        assertThat(launcher.spawnCount("gone")).isEqualTo(1);
        assertThat(engine.process("gone")).isEmpty();
    }

    /**
     * supervisorctl's remove checked "is it stopped?" off the loop, then reloaded: a start that
     * landed in between was undone by the removal. The check is now made on the loop, in the step
     * that removes, so a start that came first wins and the removal is refused.
     */
    @Test
    void aRemovalThatMustFindItsProcessesDownIsRefusedWhenAStartCameFirst() {
        load(config(spec("keep"), spec("gone", b -> {
            b.autostart = false;
            return b;
        })));
        assertThat(state("gone")).isEqualTo(STOPPED);
        CompletableFuture<List<Outcome>> start = engine.start(List.of("gone"));
        CompletableFuture<ReloadReport> removal = engine.reloadIfDown(config(spec("keep")), List.of("gone"));
        loop.runPending();

        assertThat(removal).isCompletedExceptionally();
        assertThat(removal.handle((r, e) -> e instanceof CompletionException c ? c.getCause() : e)
                        .join())
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.fault()).isEqualTo(Fault.STILL_RUNNING);
                    assertThat(e.getMessage()).isEqualTo("STILL_RUNNING: not stopped: gone");
                });
        assertThat(engine.configuration().processes()).extracting(p -> p.name()).contains("gone");
        assertThat(state("gone")).isIn(STARTING, RUNNING);
        assertThat(launcher.liveChildren("gone")).hasSize(1);
        loop.advance(10_000); // past its start time: the start that came first is answered, and holds
        assertThat(start.join()).singleElement().matches(Outcome::ok);
        assertThat(state("gone")).isEqualTo(RUNNING);
    }

    @Test
    void aRemovalWhoseProcessesAreDownApplies() {
        load(config(spec("keep"), spec("gone", b -> {
            b.autostart = false;
            return b;
        })));
        CompletableFuture<ReloadReport> removal = engine.reloadIfDown(config(spec("keep")), List.of("gone"));
        loop.runPending();

        assertThat(removal.join().removed()).containsExactly("gone");
        assertThat(engine.process("gone")).isEmpty();
        assertThat(engine.process("keep")).isPresent();
    }
}
