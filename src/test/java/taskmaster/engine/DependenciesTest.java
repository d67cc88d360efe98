package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.BACKOFF;
import static taskmaster.mbeans.ProcessState.FATAL;
import static taskmaster.mbeans.ProcessState.RUNNING;
import static taskmaster.mbeans.ProcessState.STARTING;
import static taskmaster.mbeans.ProcessState.STOPPED;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/** depends_on in the engine, on the fake clock: start orders, waiting, refusals, stop and shutdown orders, reloads. */
class DependenciesTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, events::add);

    DependenciesTest() {
        // Every child dies 100 ms after its stop signal.
        launcher.reaction = (s, sig) -> sig == Signal.KILL ? 10 : 100;
    }

    private static ProcessSpec proc(String name, int startSeconds, String... dependsOn) {
        return proc(name, b -> {
            b.startSeconds = startSeconds;
            b.dependsOn = List.of(dependsOn);
            return b;
        });
    }

    private static ProcessSpec proc(String name, UnaryOperator<Specs.B> tweak) {
        return spec(name, tweak);
    }

    private ProcessSnapshot snap(String name) {
        return engine.process(name).orElseThrow();
    }

    private ProcessState state(String name) {
        return snap(name).state();
    }

    private List<String> spawnOrder() {
        return launcher.spawns.stream().map(FakeLauncher.Spawn::name).toList();
    }

    private void load(Configuration c) {
        engine.reload(c).join();
        loop.runPending();
    }

    private <T> T done(CompletableFuture<T> f) {
        loop.runPending();
        assertThat(f).isDone();
        return f.join();
    }

    /** The time the stop signal reached each process, in order. */
    private List<String> stopSignals() {
        List<String> out = new ArrayList<>();
        for (EngineEvent e : events) {
            if (e instanceof EngineEvent.StopRequested s) {
                out.add(s.process());
            }
        }
        return out;
    }

    private long stopAt(String name) {
        return events.stream()
                .filter(e ->
                        e instanceof EngineEvent.StopRequested s && s.process().equals(name))
                .count();
    }

    // ---- start orders ----

    @Test
    void aChainStartsEachOnceWhatItDependsOnIsRunning() {
        load(config(proc("c", 1, "b"), proc("b", 1, "a"), proc("a", 1)));
        assertThat(spawnOrder()).containsExactly("a");
        assertThat(snap("b").waitingFor()).containsExactly("a");
        assertThat(snap("c").waitingFor()).containsExactly("b");
        assertThat(state("b")).isEqualTo(STOPPED);
        loop.advance(10_000);
        assertThat(spawnOrder()).containsExactly("a", "b", "c");
        assertThat(launcher.spawnTimes("a")).containsExactly(0L);
        assertThat(launcher.spawnTimes("b")).containsExactly(1000L);
        assertThat(launcher.spawnTimes("c")).containsExactly(2000L);
        assertThat(engine.processes()).allSatisfy(p -> {
            assertThat(p.state()).isEqualTo(RUNNING);
            assertThat(p.waitingFor()).isEmpty();
        });
        assertThat(events)
                .filteredOn(e -> e instanceof EngineEvent.Waiting)
                .containsExactly(
                        new EngineEvent.Waiting("b", List.of("a")), new EngineEvent.Waiting("c", List.of("b")));
    }

    @Test
    void aDiamondStartsTheTopOnceBothSidesAreRunning() {
        load(config(proc("web", 1, "api", "auth"), proc("api", 1, "db"), proc("auth", 3, "db"), proc("db", 2)));
        assertThat(snap("web").waitingFor()).containsExactly("api", "auth");
        loop.advance(2000);
        assertThat(spawnOrder()).containsExactly("db", "api", "auth");
        loop.advance(1000); // api is RUNNING, auth is not
        assertThat(state("api")).isEqualTo(RUNNING);
        assertThat(snap("web").waitingFor()).containsExactly("auth");
        assertThat(launcher.spawnCount("web")).isZero();
        loop.advance(2000);
        assertThat(launcher.spawnTimes("web")).containsExactly(5000L);
    }

    @Test
    void aGroupNameWaitsForEveryProgramOfTheGroup() {
        ProcessSpec db = proc("db", b -> {
            b.group = "backend";
            b.startSeconds = 1;
            return b;
        });
        ProcessSpec cache = proc("cache", b -> {
            b.group = "backend";
            b.startSeconds = 4;
            return b;
        });
        load(config(proc("web", 1, "backend"), db, cache));
        assertThat(snap("web").waitingFor()).containsExactly("backend");
        loop.advance(3000);
        assertThat(launcher.spawnCount("web")).isZero();
        loop.advance(1000);
        assertThat(launcher.spawnTimes("web")).containsExactly(4000L);
    }

    @Test
    void aProgramOfSeveralProcessesWaitsForAllOfThem() {
        ProcessSpec db0 = proc("db_00", b -> {
            b.program = "db";
            b.startSeconds = 1;
            return b;
        });
        ProcessSpec db1 = proc("db_01", b -> {
            b.program = "db";
            b.startSeconds = 3;
            return b;
        });
        ProcessSpec web0 = proc("web_00", b -> {
            b.program = "web";
            b.dependsOn = List.of("db");
            return b;
        });
        ProcessSpec web1 = proc("web_01", b -> {
            b.program = "web";
            b.dependsOn = List.of("db");
            return b;
        });
        load(config(web0, web1, db0, db1));
        loop.advance(2000);
        assertThat(spawnOrder()).containsExactly("db_00", "db_01");
        loop.advance(1000);
        assertThat(launcher.spawnTimes("web_00")).containsExactly(3000L);
        assertThat(launcher.spawnTimes("web_01")).containsExactly(3000L);
    }

    @Test
    void priorityOrdersWhatHasNoDependenciesAndTheDependentsReleasedTogether() {
        ProcessSpec late = proc("late", b -> {
            b.priority = 5;
            b.dependsOn = List.of("db");
            return b;
        });
        ProcessSpec early = proc("early", b -> {
            b.priority = 1;
            b.dependsOn = List.of("db");
            return b;
        });
        ProcessSpec db = proc("db", b -> {
            b.priority = 900;
            b.startSeconds = 1;
            return b;
        });
        ProcessSpec x = proc("x", b -> {
            b.priority = 10;
            return b;
        });
        ProcessSpec y = proc("y", b -> {
            b.priority = 3;
            return b;
        });
        load(config(late, early, db, x, y));
        assertThat(spawnOrder()).containsExactly("y", "x", "db");
        loop.advance(1000);
        assertThat(spawnOrder()).containsExactly("y", "x", "db", "early", "late");
    }

    // ---- waiting for a dependency that is not up ----

    @Test
    void aDependentWaitsVisiblyWhileItsDependencyIsStartingInBackoffOrFatalAndIsNeverSpawnedMeanwhile() {
        ProcessSpec db = proc("db", b -> {
            b.startSeconds = 2;
            b.startRetries = 1;
            return b;
        });
        load(config(proc("web", 1, "db"), db));
        assertThat(state("db")).isEqualTo(STARTING);
        assertThat(snap("web").waitingFor()).containsExactly("db");
        launcher.exit(snap("db").pid(), ExitStatus.exited(1));
        assertThat(state("db")).isEqualTo(BACKOFF);
        assertThat(snap("web").waitingFor()).containsExactly("db");
        loop.advance(1000); // the retry
        launcher.exit(snap("db").pid(), ExitStatus.exited(1));
        assertThat(state("db")).isEqualTo(FATAL);
        loop.advance(600_000);
        assertThat(launcher.spawnCount("web")).isZero();
        assertThat(state("web")).isEqualTo(STOPPED);
        assertThat(snap("web").waitingFor()).containsExactly("db");
        assertThat(snap("web").wanted()).isTrue();

        // Once the dependency is up, the dependent that waited starts.
        engine.start(List.of("db"));
        loop.advance(2000);
        assertThat(state("db")).isEqualTo(RUNNING);
        assertThat(launcher.spawnTimes("web")).containsExactly(loop.now());
        assertThat(snap("web").waitingFor()).isEmpty();
    }

    @Test
    void aDependencyThatDoesNotStartByItselfIsWaitedForAndNotPulledIn() {
        ProcessSpec db = proc("db", b -> {
            b.autostart = false;
            return b;
        });
        load(config(proc("web", 1, "db"), db));
        loop.advance(60_000);
        assertThat(launcher.spawns).isEmpty();
        assertThat(snap("web").waitingFor()).containsExactly("db");
    }

    // ---- start of a dependent ----

    @Test
    void aStartOfADependentStartsItsDependenciesFirstTransitivelyAndAnswersOnceItRuns() {
        UnaryOperator<Specs.B> manual = b -> {
            b.autostart = false;
            b.startSeconds = 1;
            return b;
        };
        load(config(
                proc("c", b -> manual.apply(b).dependsOnIs("b")),
                proc("b", b -> manual.apply(b).dependsOnIs("a")),
                proc("a", manual)));
        CompletableFuture<List<Outcome>> f = engine.start(List.of("c"));
        loop.runPending();
        assertThat(spawnOrder()).containsExactly("a");
        assertThat(f).isNotDone();
        loop.advance(2000);
        assertThat(spawnOrder()).containsExactly("a", "b", "c");
        assertThat(f).isNotDone();
        loop.advance(1000);
        assertThat(done(f)).containsExactly(Outcome.ok("c", "started"));
        assertThat(launcher.spawnTimes("c")).containsExactly(2000L);
    }

    @Test
    void aStartWaitingForADependencyThatFailsIsAnsweredWithAFaultNamingItAndKeepsWaiting() {
        ProcessSpec db = proc("db", b -> {
            b.autostart = false;
            b.startRetries = 0;
            return b;
        });
        ProcessSpec web = proc("web", b -> {
            b.autostart = false;
            b.startSeconds = 1;
            b.dependsOn = List.of("db");
            return b;
        });
        load(config(web, db));
        launcher.failing.put("db", "can't find command 'db'");
        List<Outcome> outcomes = done(engine.start(List.of("web")));
        assertThat(outcomes).hasSize(1);
        Outcome o = outcomes.getFirst();
        assertThat(o.fault()).isEqualTo(Fault.DEPENDENCY_FAILED);
        assertThat(o.message()).isEqualTo("web is waiting for db, and db is FATAL (can't find command 'db')");
        assertThat(state("db")).isEqualTo(FATAL);
        assertThat(snap("web").waitingFor()).containsExactly("db");
        loop.advance(600_000);
        assertThat(launcher.spawnCount("web")).isZero();
        assertThat(launcher.spawnCount("db")).isEqualTo(1);

        // A second start tries the dependency again; fixed, everything comes up.
        launcher.failing.clear();
        CompletableFuture<List<Outcome>> again = engine.start(List.of("web"));
        loop.advance(6000);
        assertThat(done(again)).containsExactly(Outcome.ok("web", "started"));
        assertThat(state("db")).isEqualTo(RUNNING);
    }

    @Test
    void aFailureFurtherDownTheChainAnswersTheStartToo() {
        UnaryOperator<Specs.B> manual = b -> {
            b.autostart = false;
            b.startRetries = 0;
            return b;
        };
        load(config(
                proc("web", b -> manual.apply(b).dependsOnIs("db")),
                proc("db", b -> manual.apply(b).dependsOnIs("disk")),
                proc("disk", manual)));
        launcher.failing.put("disk", "no disk");
        Outcome o = done(engine.start(List.of("web"))).getFirst();
        assertThat(o.fault()).isEqualTo(Fault.DEPENDENCY_FAILED);
        assertThat(o.message()).isEqualTo("web is waiting for db, and disk is FATAL (no disk)");
        assertThat(snap("db").waitingFor()).containsExactly("disk");
    }

    @Test
    void aStartWaitingForADependencyThatIsStoppedMeanwhileIsAnswered() {
        ProcessSpec db = proc("db", b -> {
            b.autostart = false;
            b.startSeconds = 5;
            return b;
        });
        ProcessSpec web = proc("web", b -> {
            b.autostart = false;
            b.dependsOn = List.of("db");
            return b;
        });
        load(config(web, db));
        CompletableFuture<List<Outcome>> f = engine.start(List.of("web"));
        loop.advance(1000);
        assertThat(state("db")).isEqualTo(STARTING);
        assertThat(f).isNotDone();
        engine.stop(List.of("db")); // not refused: web waits, it is not up
        loop.advance(200);
        assertThat(done(f))
                .containsExactly(
                        Outcome.fault("web", Fault.DEPENDENCY_FAILED, "web is waiting for db, and db is STOPPED"));
        assertThat(snap("web").waitingFor()).containsExactly("db");
    }

    @Test
    void aStopOfAWaitingProcessCallsOffItsStart() {
        ProcessSpec db = proc("db", b -> {
            b.autostart = false;
            return b;
        });
        load(config(proc("web", 1, "db"), db));
        assertThat(done(engine.stop(List.of("web")))).containsExactly(Outcome.ok("web", "stopped"));
        assertThat(snap("web").waitingFor()).isEmpty();
        assertThat(snap("web").wanted()).isFalse();
        engine.start(List.of("db"));
        loop.advance(10_000);
        assertThat(launcher.spawnCount("web")).isZero();
    }

    // ---- stop ----

    @Test
    void aStopOfADependencyWhoseDependentsRunIsRefusedNamingThem() {
        load(config(proc("web", 0, "db"), proc("api", 0, "db"), proc("db", 0)));
        loop.runPending();
        assertThat(state("web")).isEqualTo(RUNNING);
        List<Outcome> outcomes = done(engine.stop(List.of("db")));
        assertThat(outcomes)
                .containsExactly(Outcome.fault(
                        "db",
                        Fault.HAS_DEPENDENTS,
                        "api, web depend on db and are up (allowed: stop api, web first, or stop"
                                + " --with-dependents)"));
        assertThat(state("db")).isEqualTo(RUNNING);
        assertThat(stopSignals()).isEmpty();
    }

    @Test
    void withDependentsTheDependentsStopFirstInReverseOrderThenTheDependency() {
        load(config(proc("web", 0, "api"), proc("api", 0, "db"), proc("db", 0), proc("other", 0)));
        loop.runPending();
        CompletableFuture<List<Outcome>> f = engine.stopWithDependents(List.of("db"));
        loop.runPending();
        assertThat(stopSignals()).containsExactly("web");
        loop.advance(100);
        assertThat(stopSignals()).containsExactly("web", "api");
        loop.advance(100);
        assertThat(stopSignals()).containsExactly("web", "api", "db");
        loop.advance(100);
        assertThat(done(f))
                .containsExactly(
                        Outcome.ok("web", "stopped"), Outcome.ok("api", "stopped"), Outcome.ok("db", "stopped"));
        assertThat(state("other")).isEqualTo(RUNNING);
    }

    @Test
    void aStopNamingBothStopsTheDependentFirst() {
        load(config(proc("web", 0, "db"), proc("db", 0)));
        loop.runPending();
        CompletableFuture<List<Outcome>> f = engine.stop(List.of("db", "web"));
        loop.runPending();
        assertThat(stopSignals()).containsExactly("web");
        loop.advance(200);
        assertThat(stopSignals()).containsExactly("web", "db");
        loop.advance(100);
        assertThat(done(f)).containsExactly(Outcome.ok("web", "stopped"), Outcome.ok("db", "stopped"));
    }

    @Test
    void aStoppedDependentDoesNotHoldTheStop() {
        load(config(proc("web", 0, "db"), proc("db", 0)));
        CompletableFuture<List<Outcome>> web = engine.stop(List.of("web"));
        loop.advance(200);
        assertThat(done(web)).containsExactly(Outcome.ok("web", "stopped"));
        CompletableFuture<List<Outcome>> f = engine.stop(List.of("db"));
        loop.advance(200);
        assertThat(done(f)).containsExactly(Outcome.ok("db", "stopped"));
    }

    @Test
    void shutdownStopsDependentsBeforeWhatTheyDependOnThenByPriority() {
        // Priority alone would stop db (999) first and web (1) last.
        ProcessSpec web = proc("web", b -> {
            b.priority = 1;
            b.startSeconds = 0;
            b.dependsOn = List.of("db");
            return b;
        });
        ProcessSpec db = proc("db", b -> {
            b.startSeconds = 0;
            return b;
        });
        ProcessSpec high = proc("high", b -> {
            b.priority = 500;
            b.startSeconds = 0;
            return b;
        });
        load(config(web, db, high));
        loop.runPending();
        CompletableFuture<Void> down = engine.shutdown();
        loop.runPending();
        assertThat(stopSignals()).containsExactly("high");
        loop.advance(100);
        assertThat(stopSignals()).containsExactly("high", "web");
        loop.advance(100);
        assertThat(stopSignals()).containsExactly("high", "web", "db");
        loop.advance(100);
        assertThat(down).isDone();
    }

    // ---- crashes ----

    @Test
    void aDependencyThatCrashesIsRestartedWhileItsDependentsKeepRunning() {
        ProcessSpec db = proc("db", b -> {
            b.startSeconds = 1;
            b.autorestart = AutoRestart.TRUE;
            return b;
        });
        ProcessSpec web = proc("web", b -> {
            b.startSeconds = 1;
            b.autorestart = AutoRestart.TRUE;
            b.dependsOn = List.of("db");
            return b;
        });
        load(config(web, db));
        loop.advance(2000);
        long webPid = snap("web").pid();
        launcher.exit(snap("db").pid(), ExitStatus.killed(9));
        assertThat(state("db")).isEqualTo(STARTING);
        assertThat(snap("web").pid()).isEqualTo(webPid);
        assertThat(state("web")).isEqualTo(RUNNING);

        // web's own restart meanwhile waits until db is RUNNING again.
        launcher.exit(webPid, ExitStatus.killed(9));
        assertThat(snap("web").waitingFor()).containsExactly("db");
        assertThat(launcher.spawnCount("web")).isEqualTo(1);
        loop.advance(1000);
        assertThat(state("db")).isEqualTo(RUNNING);
        assertThat(launcher.spawnCount("web")).isEqualTo(2);
        assertThat(launcher.spawnTimes("web").getLast()).isEqualTo(loop.now());
    }

    // ---- reloads ----

    @Test
    void aReloadAddingADependencyRestartsNothing() {
        load(config(proc("web", 1), proc("db", 1)));
        loop.advance(1000);
        int spawns = launcher.spawns.size();
        load(config(proc("web", 1, "db", "cache"), proc("db", 1), proc("cache", 1)));
        loop.advance(5000);
        assertThat(spawnOrder().subList(spawns, launcher.spawns.size())).containsExactly("cache");
        assertThat(stopSignals()).isEmpty();
        assertThat(state("web")).isEqualTo(RUNNING);
        assertThat(snap("web").waitingFor()).isEmpty();
    }

    @Test
    void aReloadRemovingADependencyStartsTheProcessThatWaitedForItAndTouchesNothingElse() {
        ProcessSpec db = proc("db", b -> {
            b.autostart = false;
            return b;
        });
        load(config(proc("web", 1, "db"), db, proc("other", 1)));
        loop.advance(1000);
        assertThat(snap("web").waitingFor()).containsExactly("db");
        long other = snap("other").pid();
        load(config(proc("web", 1), db, proc("other", 1)));
        assertThat(state("web")).isEqualTo(STARTING);
        assertThat(snap("web").waitingFor()).isEmpty();
        assertThat(snap("other").pid()).isEqualTo(other);
        assertThat(launcher.spawnCount("db")).isZero();
        assertThat(stopSignals()).isEmpty();
    }

    @Test
    void aReloadAddingADependencyToAWaitingProcessMakesItWaitForThatToo() {
        ProcessSpec db = proc("db", b -> {
            b.autostart = false;
            return b;
        });
        load(config(proc("web", 1, "db"), db));
        load(config(proc("web", 1, "db", "cache"), db, proc("cache", 1)));
        assertThat(snap("web").waitingFor()).containsExactly("db", "cache");
        loop.advance(1000);
        assertThat(snap("web").waitingFor()).containsExactly("db");
        assertThat(stopAt("web")).isZero();
    }
}
