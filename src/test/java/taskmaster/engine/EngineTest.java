package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.BACKOFF;
import static taskmaster.mbeans.ProcessState.EXITED;
import static taskmaster.mbeans.ProcessState.FATAL;
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

/** The engine driven by a fake clock and a fake launcher: no fork, no sleep. */
class EngineTest {

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

    private List<ProcessState> transitions(String name) {
        return events.stream()
                .filter(e -> e instanceof EngineEvent.StateChanged sc
                        && sc.snapshot().name().equals(name))
                .map(e -> ((EngineEvent.StateChanged) e).to())
                .toList();
    }

    private void load(Configuration c) {
        engine.reload(c).join();
        loop.runPending();
    }

    @Test
    void autostartGoesStartingThenRunningAfterStartTime() {
        load(config(spec("web", b -> {
            b.startSeconds = 5;
            return b;
        })));
        assertThat(state("web")).isEqualTo(STARTING);
        loop.advance(4_999);
        assertThat(state("web")).isEqualTo(STARTING);
        loop.advance(1);
        assertThat(state("web")).isEqualTo(RUNNING);
        assertThat(transitions("web")).containsExactly(STARTING, RUNNING);
    }

    @Test
    void startTimeZeroIsRunningAtOnce() {
        load(config(spec("web", b -> {
            b.startSeconds = 0;
            return b;
        })));
        assertThat(state("web")).isEqualTo(RUNNING);
    }

    @Test
    void noAutostartStaysStopped() {
        load(config(spec("manual", b -> {
            b.autostart = false;
            return b;
        })));
        assertThat(state("manual")).isEqualTo(STOPPED);
        assertThat(launcher.spawns).isEmpty();
        assertThat(engine.process("manual").orElseThrow().wanted()).isFalse();
    }

    @Test
    void quickExitsBackOffOneTwoThreeSecondsThenFatalAfterStartretriesPlusOneAttempts() {
        load(config(spec("flaky", b -> {
            b.startRetries = 3;
            b.startSeconds = 1;
            return b;
        })));
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(state("flaky")).isEqualTo(STARTING);
            launcher.exit(pid("flaky"), ExitStatus.exited(1));
            if (attempt < 4) {
                assertThat(state("flaky")).isEqualTo(BACKOFF);
                loop.advance(attempt * 1000L);
            }
        }
        assertThat(state("flaky")).isEqualTo(FATAL);
        assertThat(launcher.spawnCount("flaky")).isEqualTo(4);
        assertThat(launcher.spawnTimes("flaky")).containsExactly(0L, 1000L, 3000L, 6000L);
        assertThat(engine.process("flaky").orElseThrow().spawnError()).contains("Exited too quickly");
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.GaveUp).hasSize(1);
        loop.advance(60_000);
        assertThat(launcher.spawnCount("flaky")).isEqualTo(4);
    }

    @Test
    void aQuickExitWithAnExpectedCodeIsStillAFailedStart() {
        load(config(spec("quick", b -> {
            b.startRetries = 0;
            b.startSeconds = 1;
            return b;
        })));
        launcher.exit(pid("quick"), ExitStatus.exited(0));
        assertThat(state("quick")).isEqualTo(FATAL);
        assertThat(launcher.spawnCount("quick")).isEqualTo(1);
    }

    @Test
    void spawnErrorBacksOffAndKeepsTheReasonInFatal() {
        launcher.failing.put("missing", "can't find command 'nope'");
        load(config(spec("missing", b -> {
            b.startRetries = 2;
            return b;
        })));
        assertThat(state("missing")).isEqualTo(BACKOFF);
        loop.advance(1000);
        loop.advance(2000);
        assertThat(state("missing")).isEqualTo(FATAL);
        assertThat(launcher.spawnCount("missing")).isEqualTo(3);
        assertThat(engine.process("missing").orElseThrow().spawnError()).isEqualTo("can't find command 'nope'");
    }

    @Test
    void fatalIsLeftOnlyByAStart() {
        launcher.failing.put("x", "boom");
        load(config(spec("x", b -> {
            b.startRetries = 0;
            return b;
        })));
        assertThat(state("x")).isEqualTo(FATAL);
        launcher.failing.remove("x");
        CompletableFuture<List<Outcome>> f = engine.start(List.of("x"));
        assertThat(state("x")).isEqualTo(STARTING);
        loop.advance(5000);
        assertThat(f).isCompleted();
        assertThat(f.join().getFirst().ok()).isTrue();
        assertThat(state("x")).isEqualTo(RUNNING);
    }

    @Test
    void exitFromRunningFollowsAutorestart() {
        load(config(
                spec("unexp_ok", b -> {
                    b.startSeconds = 0;
                    return b;
                }),
                spec("unexp_bad", b -> {
                    b.startSeconds = 0;
                    return b;
                }),
                spec("unexp_sig", b -> {
                    b.startSeconds = 0;
                    return b;
                }),
                spec("always", b -> {
                    b.startSeconds = 0;
                    b.autorestart = AutoRestart.TRUE;
                    return b;
                }),
                spec("never", b -> {
                    b.startSeconds = 0;
                    b.autorestart = AutoRestart.FALSE;
                    return b;
                }),
                spec("codes", b -> {
                    b.startSeconds = 0;
                    b.exitCodes = java.util.Set.of(0, 3);
                    return b;
                })));
        launcher.exit(pid("unexp_ok"), ExitStatus.exited(0));
        launcher.exit(pid("unexp_bad"), ExitStatus.exited(3));
        launcher.exit(pid("unexp_sig"), ExitStatus.killed(9));
        launcher.exit(pid("always"), ExitStatus.exited(0));
        launcher.exit(pid("never"), ExitStatus.exited(3));
        launcher.exit(pid("codes"), ExitStatus.exited(3));
        assertThat(state("unexp_ok")).isEqualTo(EXITED);
        assertThat(state("unexp_bad")).isEqualTo(RUNNING);
        assertThat(state("unexp_sig")).isEqualTo(RUNNING);
        assertThat(state("always")).isEqualTo(RUNNING);
        assertThat(state("never")).isEqualTo(EXITED);
        assertThat(state("codes")).isEqualTo(EXITED);
        assertThat(launcher.spawnCount("unexp_bad")).isEqualTo(2);
        assertThat(engine.process("unexp_bad").orElseThrow().restarts()).isEqualTo(1);
        assertThat(transitions("unexp_bad")).containsExactly(STARTING, RUNNING, EXITED, STARTING, RUNNING);
        assertThat(events)
                .filteredOn(
                        e -> e instanceof EngineEvent.Exited ex && ex.process().equals("unexp_ok"))
                .singleElement()
                .matches(e -> ((EngineEvent.Exited) e).expected());
    }

    @Test
    void stopSendsTheStopSignalToTheGroupAndWaitsForTheExit() {
        load(config(spec("web", b -> {
            b.startSeconds = 0;
            b.stopSignal = Signal.USR1;
            return b;
        })));
        long pid = pid("web");
        CompletableFuture<List<Outcome>> f = engine.stop(List.of("web"));
        assertThat(state("web")).isEqualTo(STOPPING);
        assertThat(launcher.signalsTo(pid)).containsExactly(new FakeLauncher.Sent(pid, Signal.USR1, true));
        assertThat(f).isNotCompleted();
        launcher.exit(pid, ExitStatus.killed(Signal.USR1.number()));
        assertThat(state("web")).isEqualTo(STOPPED);
        assertThat(f.join()).singleElement().matches(Outcome::ok);
        assertThat(engine.process("web").orElseThrow().wanted()).isFalse();
        loop.advance(100_000);
        assertThat(launcher.spawnCount("web")).isEqualTo(1);
    }

    @Test
    void sigkillGoesToTheGroupAfterStopTime() {
        load(config(spec("stubborn", b -> {
            b.startSeconds = 0;
            b.stopSeconds = 2;
            return b;
        })));
        long pid = pid("stubborn");
        engine.stop(List.of("stubborn"));
        loop.advance(1999);
        assertThat(launcher.signalsTo(pid)).hasSize(1);
        loop.advance(1);
        assertThat(launcher.signalsTo(pid))
                .containsExactly(
                        new FakeLauncher.Sent(pid, Signal.TERM, true), new FakeLauncher.Sent(pid, Signal.KILL, true));
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.Killed).hasSize(1);
        launcher.exit(pid, ExitStatus.killed(9));
        assertThat(state("stubborn")).isEqualTo(STOPPED);
    }

    @Test
    void stopInBackoffIsImmediateAndTheRetryCountStartsAfresh() {
        load(config(spec("bq", b -> {
            b.startRetries = 3;
            b.startSeconds = 1;
            return b;
        })));
        for (int i = 1; i <= 3; i++) {
            launcher.exit(pid("bq"), ExitStatus.exited(1));
            if (i < 3) {
                loop.advance(i * 1000L);
            }
        }
        assertThat(state("bq")).isEqualTo(BACKOFF);
        CompletableFuture<List<Outcome>> stop = engine.stop(List.of("bq"));
        assertThat(state("bq")).isEqualTo(STOPPED);
        assertThat(stop.join()).singleElement().matches(Outcome::ok);
        loop.advance(10_000);
        assertThat(launcher.spawnCount("bq")).isEqualTo(3);

        engine.start(List.of("bq"));
        for (int i = 1; i <= 4; i++) {
            launcher.exit(pid("bq"), ExitStatus.exited(1));
            loop.advance(i * 1000L);
        }
        assertThat(state("bq")).isEqualTo(FATAL);
        assertThat(launcher.spawnCount("bq")).isEqualTo(3 + 4);
    }

    @Test
    void stopOfAStoppedProcessIsANotRunningFault() {
        load(config(spec("idle", b -> {
            b.autostart = false;
            return b;
        })));
        List<Outcome> out = engine.stop(List.of("idle")).join();
        assertThat(out).singleElement().extracting(Outcome::fault).isEqualTo(Fault.NOT_RUNNING);
        assertThat(state("idle")).isEqualTo(STOPPED);
    }

    @Test
    void startOfARunningProcessIsAlreadyStarted() {
        load(config(spec("web", b -> {
            b.startSeconds = 0;
            return b;
        })));
        assertThat(engine.start(List.of("web")).join())
                .singleElement()
                .extracting(Outcome::fault)
                .isEqualTo(Fault.ALREADY_STARTED);
    }

    @Test
    void startWaitsForRunningOrTheFirstFailure() {
        load(config(
                spec("a", b -> {
                    b.autostart = false;
                    b.startSeconds = 3;
                    return b;
                }),
                spec("b", b -> {
                    b.autostart = false;
                    b.startSeconds = 3;
                    return b;
                })));
        CompletableFuture<List<Outcome>> fa = engine.start(List.of("a"));
        CompletableFuture<List<Outcome>> fb = engine.start(List.of("b"));
        loop.advance(2000);
        assertThat(fa).isNotCompleted();
        launcher.exit(pid("b"), ExitStatus.exited(2));
        assertThat(fb.join()).singleElement().extracting(Outcome::fault).isEqualTo(Fault.SPAWN_ERROR);
        loop.advance(1000);
        assertThat(fa.join()).singleElement().matches(Outcome::ok);
    }

    @Test
    void stopWhileStartingFailsTheStartWithAbnormalTermination() {
        load(config(spec("slow", b -> {
            b.autostart = false;
            b.startSeconds = 5;
            return b;
        })));
        CompletableFuture<List<Outcome>> start = engine.start(List.of("slow"));
        long pid = pid("slow");
        engine.stop(List.of("slow"));
        launcher.exit(pid, ExitStatus.killed(15));
        assertThat(start.join()).singleElement().extracting(Outcome::fault).isEqualTo(Fault.ABNORMAL_TERMINATION);
    }

    @Test
    void restartStopsThenStartsAndAnswersWhenRunningAgain() {
        load(config(spec("web", b -> {
            b.startSeconds = 1;
            return b;
        })));
        loop.advance(1000);
        long first = pid("web");
        CompletableFuture<List<Outcome>> f = engine.restart(List.of("web"));
        assertThat(state("web")).isEqualTo(STOPPING);
        launcher.exit(first, ExitStatus.killed(15));
        assertThat(state("web")).isEqualTo(STARTING);
        assertThat(f).isNotCompleted();
        loop.advance(1000);
        assertThat(f.join()).singleElement().matches(Outcome::ok);
        assertThat(pid("web")).isNotEqualTo(first);
    }

    @Test
    void staleExitOfAnEarlierIncarnationIsIgnored() {
        load(config(spec("web", b -> {
            b.startSeconds = 0;
            b.autorestart = AutoRestart.TRUE;
            return b;
        })));
        long first = pid("web");
        launcher.exit(first, ExitStatus.exited(1));
        long second = pid("web");
        assertThat(second).isNotEqualTo(first);
        assertThat(state("web")).isEqualTo(RUNNING);
        assertThat(launcher.alive(second)).isTrue();
    }

    @Test
    void startsInAscendingPriority() {
        load(config(
                spec("late", b -> {
                    b.priority = 900;
                    return b;
                }),
                spec("early", b -> {
                    b.priority = 1;
                    return b;
                }),
                spec("middle", b -> {
                    b.priority = 500;
                    return b;
                })));
        assertThat(launcher.spawns).extracting(FakeLauncher.Spawn::name).containsExactly("early", "middle", "late");
    }

    @Test
    void shutdownStopsInDescendingPriorityOneBatchAtATimeAndRestartsNothing() {
        load(config(
                spec("low", b -> {
                    b.priority = 1;
                    b.startSeconds = 0;
                    b.autorestart = AutoRestart.TRUE;
                    return b;
                }),
                spec("high", b -> {
                    b.priority = 900;
                    b.startSeconds = 0;
                    return b;
                }),
                spec("mid", b -> {
                    b.priority = 500;
                    b.startSeconds = 0;
                    b.stopSeconds = 2;
                    return b;
                })));
        long low = pid("low");
        long mid = pid("mid");
        long high = pid("high");
        CompletableFuture<Void> done = engine.shutdown();
        assertThat(launcher.signals).extracting(FakeLauncher.Sent::pid).containsExactly(high);
        launcher.exit(high, ExitStatus.killed(15));
        assertThat(launcher.signals).extracting(FakeLauncher.Sent::pid).containsExactly(high, mid);
        loop.advance(2000); // mid ignores TERM: SIGKILL after its stop time, low still untouched
        assertThat(launcher.signalsTo(low)).isEmpty();
        launcher.exit(mid, ExitStatus.killed(9));
        assertThat(launcher.signalsTo(low)).hasSize(1);
        launcher.exit(low, ExitStatus.killed(15));
        assertThat(done).isCompleted();
        assertThat(engine.processes()).allMatch(p -> p.state() == STOPPED);
        assertThat(launcher.spawns).hasSize(3);
        assertThat(engine.start(List.of("low"))).isCompletedExceptionally();
    }

    @Test
    void aShutdownWhoseFirstStepFailsStillStopsEverything() {
        load(config(spec("p", b -> {
            b.startSeconds = 0;
            return b;
        })));
        long p = pid("p");
        CompletableFuture<Void> done = engine.shutdown(() -> {
            throw new IllegalStateException("a logger that fails");
        });
        assertThat(launcher.signalsTo(p)).hasSize(1);
        launcher.exit(p, ExitStatus.killed(15));
        assertThat(done).isCompleted();
        assertThat(engine.shuttingDown()).isTrue();
        assertThat(launcher.spawns).hasSize(1);
    }

    @Test
    void namesSelectProcessesProgramsAndGroups() {
        load(config(
                spec("web_00", b -> {
                    b.program = "web";
                    b.group = "front";
                    return b;
                }),
                spec("web_01", b -> {
                    b.program = "web";
                    b.group = "front";
                    return b;
                }),
                spec("api", b -> {
                    b.group = "front";
                    return b;
                }),
                spec("db")));
        assertThat(engine.resolve(List.of("all")).join()).hasSize(4);
        assertThat(engine.resolve(List.of("web")).join()).containsExactlyInAnyOrder("web_00", "web_01");
        assertThat(engine.resolve(List.of("web:*")).join()).containsExactlyInAnyOrder("web_00", "web_01");
        assertThat(engine.resolve(List.of("front:*")).join()).containsExactlyInAnyOrder("web_00", "web_01", "api");
        assertThat(engine.resolve(List.of("front:api")).join()).containsExactly("api");
        assertThat(engine.resolve(List.of("db", "api")).join()).containsExactlyInAnyOrder("db", "api");
        assertThat(engine.resolve(List.of("nosuch")))
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(EngineException.class)
                .withMessageContaining("BAD_NAME");
    }

    @Test
    void signalReachesOnlyRunningProcesses() {
        load(config(
                spec("web", b -> {
                    b.startSeconds = 0;
                    return b;
                }),
                spec("idle", b -> {
                    b.autostart = false;
                    return b;
                })));
        assertThat(engine.signal(List.of("web"), Signal.HUP).join())
                .singleElement()
                .matches(Outcome::ok);
        assertThat(launcher.signalsTo(pid("web")))
                .containsExactly(new FakeLauncher.Sent(pid("web"), Signal.HUP, false));
        assertThat(engine.signal(List.of("idle"), Signal.HUP).join())
                .singleElement()
                .extracting(Outcome::fault)
                .isEqualTo(Fault.NOT_RUNNING);
        assertThat(state("web")).isEqualTo(RUNNING);
    }

    @Test
    void anUnknownNameInAListChangesNothing() {
        load(config(spec("web", b -> {
            b.startSeconds = 0;
            return b;
        })));
        assertThat(engine.stop(List.of("web", "nosuch"))).isCompletedExceptionally();
        assertThat(state("web")).isEqualTo(RUNNING);
    }

    @Test
    void completionExceptionCarriesTheFault() {
        load(config(spec("web")));
        try {
            engine.start(List.of("zzz")).join();
        } catch (CompletionException e) {
            assertThat(((EngineException) e.getCause()).fault()).isEqualTo(Fault.BAD_NAME);
            return;
        }
        throw new AssertionError("expected BAD_NAME");
    }
}
