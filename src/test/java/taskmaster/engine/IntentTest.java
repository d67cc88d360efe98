package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.RUNNING;
import static taskmaster.mbeans.ProcessState.STOPPED;
import static taskmaster.mbeans.ProcessState.STOPPING;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.WantedSource;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * Memory of intent: the operator's starts and stops, kept across a daemon's restart (a new engine
 * handed what the old one wanted), forgotten on request; and scaling a program by reload, which
 * leaves every other process alone and takes the highest numbers away first.
 */
class IntentTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private Engine engine = new Engine(loop, launcher, events::add);

    private static ProcessSpec quick(String name, boolean autostart) {
        return spec(name, b -> {
            b.startSeconds = 0;
            b.autostart = autostart;
            return b;
        });
    }

    private static ProcessSpec web(int num) {
        return spec("web_0" + num, b -> {
            b.program = "web";
            b.group = "web";
            b.num = num;
            b.startSeconds = 0;
            return b;
        });
    }

    private final Configuration config = config(quick("api", true), quick("batch", false), quick("cache", true));

    private <T> T run(CompletableFuture<T> f) {
        loop.runPending();
        return f.getNow(null);
    }

    private ProcessSnapshot snap(String name) {
        return engine.process(name).orElseThrow();
    }

    /** Ends every child the launcher was asked to stop, as a well-behaved program would. */
    private void stoppedChildrenExit() {
        for (FakeLauncher.Sent s : List.copyOf(launcher.signals)) {
            if (launcher.alive(s.pid()) && s.signal() == Signal.TERM) {
                launcher.exit(s.pid(), ExitStatus.killed(15));
            }
        }
        loop.runPending();
    }

    private List<EngineEvent.IntentChanged> intentEvents() {
        return events.stream()
                .filter(EngineEvent.IntentChanged.class::isInstance)
                .map(EngineEvent.IntentChanged.class::cast)
                .toList();
    }

    private long spawnsOf(String name) {
        return launcher.spawns.stream().filter(s -> s.name().equals(name)).count();
    }

    /** The first daemon's life: api stopped by hand, batch (no autostart) started by hand. */
    private Map<String, Boolean> firstLife() {
        run(engine.reload(config));
        run(engine.stop(List.of("api")));
        stoppedChildrenExit();
        run(engine.start(List.of("batch")));
        assertThat(snap("api").state()).isEqualTo(STOPPED);
        assertThat(snap("batch").state()).isEqualTo(RUNNING);
        return engine.intents();
    }

    /** The daemon restarts: a new engine (the old one's children are gone). */
    private void restart() {
        run(engine.shutdown());
        stoppedChildrenExit();
        engine = new Engine(loop, launcher, events::add);
        launcher.spawns.clear();
        events.clear();
    }

    @Test
    void operatorStartsAndStopsAreIntentsAndEachChangeIsAnEvent() {
        Map<String, Boolean> intents = firstLife();

        assertThat(intents).isEqualTo(Map.of("api", false, "batch", true));
        assertThat(snap("api").wantedSource()).isEqualTo(WantedSource.OPERATOR);
        assertThat(snap("api").wanted()).isFalse();
        assertThat(snap("cache").wantedSource()).isEqualTo(WantedSource.CONFIG);
        assertThat(intentEvents())
                .containsExactly(
                        new EngineEvent.IntentChanged("api", WantedSource.OPERATOR, false),
                        new EngineEvent.IntentChanged("batch", WantedSource.OPERATOR, true));

        // Saying the same again changes nothing to keep.
        run(engine.start(List.of("batch")));
        assertThat(intentEvents()).hasSize(2);
    }

    @Test
    void aRestartedEngineGivenTheIntentsKeepsTheStoppedOneDownAndStartsTheStartedOne() {
        Map<String, Boolean> intents = firstLife();
        restart();

        run(engine.restoreIntent(intents));
        run(engine.reload(config));

        assertThat(spawnsOf("api")).isZero();
        assertThat(snap("api").state()).isEqualTo(STOPPED);
        assertThat(snap("api").wantedSource()).isEqualTo(WantedSource.PERSISTED);
        assertThat(spawnsOf("batch")).isEqualTo(1);
        assertThat(snap("batch").state()).isEqualTo(RUNNING);
        assertThat(snap("batch").wantedSource()).isEqualTo(WantedSource.PERSISTED);
        assertThat(snap("cache").state()).isEqualTo(RUNNING);
        assertThat(snap("cache").wantedSource()).isEqualTo(WantedSource.CONFIG);
        // Restored, not asked again: nothing new to keep, and the intents are the same as before.
        assertThat(intentEvents()).isEmpty();
        assertThat(engine.intents()).isEqualTo(intents);
    }

    @Test
    void intentsOfProcessesNoLongerConfiguredAreDroppedAndNotTakenByALaterReload() {
        run(engine.restoreIntent(Map.of("gone", true, "api", false)));
        run(engine.reload(config));
        assertThat(engine.intents()).isEqualTo(Map.of("api", false));

        run(engine.reload(
                config(quick("api", true), quick("batch", false), quick("cache", true), quick("gone", false))));

        assertThat(snap("gone").wantedSource()).isEqualTo(WantedSource.CONFIG);
        assertThat(snap("gone").state()).isEqualTo(STOPPED);
    }

    @Test
    void forgetGivesTheProcessBackToAutostartWhichStartsOrStopsIt() {
        firstLife();
        events.clear();

        List<Outcome> out = run(engine.forget(List.of("api", "batch")));
        stoppedChildrenExit();

        assertThat(out).allMatch(Outcome::ok);
        assertThat(snap("api").state()).isEqualTo(RUNNING); // autostart = true
        assertThat(snap("batch").state()).isEqualTo(STOPPED); // autostart = false
        assertThat(snap("api").wantedSource()).isEqualTo(WantedSource.CONFIG);
        assertThat(snap("batch").wantedSource()).isEqualTo(WantedSource.CONFIG);
        assertThat(engine.intents()).isEmpty();
        assertThat(intentEvents())
                .containsExactlyInAnyOrder(
                        new EngineEvent.IntentChanged("api", WantedSource.CONFIG, true),
                        new EngineEvent.IntentChanged("batch", WantedSource.CONFIG, false));
    }

    @Test
    void forgetOfARestoredIntentAndOfAllWorks() {
        Map<String, Boolean> intents = firstLife();
        restart();
        run(engine.restoreIntent(intents));
        run(engine.reload(config));
        long cache = snap("cache").pid();

        List<Outcome> out = run(engine.forget(List.of("all")));
        stoppedChildrenExit();

        assertThat(out).extracting(Outcome::message).containsExactly("forgotten", "forgotten", "nothing to forget");
        assertThat(snap("api").state()).isEqualTo(RUNNING);
        assertThat(snap("batch").state()).isEqualTo(STOPPED);
        assertThat(snap("cache").pid()).isEqualTo(cache);
        assertThat(engine.intents()).isEmpty();
    }

    @Test
    void forgetOfAnUnknownNameIsABadName() {
        run(engine.reload(config));
        CompletableFuture<List<Outcome>> f = engine.forget(List.of("nope"));
        loop.runPending();
        assertThat(f).isCompletedExceptionally();
    }

    @Test
    void aRemovedProcessWithAnIntentTellsItIsForgotten() {
        firstLife();
        events.clear();

        run(engine.reload(config(quick("batch", false), quick("cache", true))));

        assertThat(intentEvents()).containsExactly(new EngineEvent.IntentChanged("api", WantedSource.CONFIG, false));
        assertThat(engine.intents()).isEqualTo(Map.of("batch", true));
    }

    @Test
    void scalingUpAddsProcessesAndTouchesNoOther() {
        run(engine.reload(config(quick("api", true), web(0), web(1))));
        long api = snap("api").pid();
        long web0 = snap("web_00").pid();
        long web1 = snap("web_01").pid();
        int spawns = launcher.spawns.size();

        ReloadReport r = run(engine.reload(config(quick("api", true), web(0), web(1), web(2), web(3))));

        assertThat(r.restarted()).isEmpty();
        assertThat(snap("api").pid()).isEqualTo(api);
        assertThat(snap("web_00").pid()).isEqualTo(web0);
        assertThat(snap("web_01").pid()).isEqualTo(web1);
        assertThat(launcher.spawns.subList(spawns, launcher.spawns.size()))
                .extracting(FakeLauncher.Spawn::name)
                .containsExactly("web_02", "web_03");
        assertThat(snap("web_03").state()).isEqualTo(RUNNING);
        assertThat(launcher.signals).isEmpty();
    }

    @Test
    void scalingDownStopsTheHighestNumbersFirstAndTouchesNoOther() {
        run(engine.reload(config(quick("api", true), web(0), web(1), web(2), web(3))));
        long api = snap("api").pid();
        long web0 = snap("web_00").pid();
        List<Long> byNumber = List.of(
                snap("web_00").pid(),
                snap("web_01").pid(),
                snap("web_02").pid(),
                snap("web_03").pid());

        CompletableFuture<ReloadReport> f = engine.reload(config(quick("api", true), web(0)));
        loop.runPending();

        assertThat(launcher.signals)
                .extracting(FakeLauncher.Sent::pid)
                .containsExactly(byNumber.get(3), byNumber.get(2), byNumber.get(1));
        assertThat(snap("web_03").state()).isEqualTo(STOPPING);
        stoppedChildrenExit();
        assertThat(f).isCompleted();
        assertThat(engine.process("web_03")).isEmpty();
        assertThat(engine.process("web_01")).isEmpty();
        assertThat(snap("web_00").pid()).isEqualTo(web0);
        assertThat(snap("api").pid()).isEqualTo(api);
    }
}
