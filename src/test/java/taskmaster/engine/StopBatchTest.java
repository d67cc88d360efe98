package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.STOPPED;
import static taskmaster.mbeans.ProcessState.STOPPING;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;

/**
 * A stop of many sends its signals back to back and only then tells the listener, in the order
 * the events happened (Engine.batched): what the listener hears is the same as before, later
 * within the same loop step.
 */
class StopBatchTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    /** Each event heard, with the number of signals the launcher had been sent by then. */
    private final List<Heard> heard = new ArrayList<>();

    private Consumer<EngineEvent> extra = e -> {};
    private final Engine engine = new Engine(loop, launcher, e -> {
        heard.add(new Heard(e, launcher.signals.size()));
        extra.accept(e);
    });

    private record Heard(EngineEvent event, int signalsSent) {}

    private static ProcessSpec running(String name) {
        return spec(name, b -> {
            b.startSeconds = 0;
            return b;
        });
    }

    private void load(Configuration c) {
        engine.reload(c).join();
        loop.runPending();
        heard.clear();
    }

    private ProcessState state(String name) {
        return engine.process(name).orElseThrow().state();
    }

    private long pid(String name) {
        return engine.process(name).orElseThrow().pid();
    }

    private static String nameOf(EngineEvent e) {
        return switch (e) {
            case EngineEvent.StopRequested s -> s.process();
            case EngineEvent.IntentChanged i -> i.process();
            case EngineEvent.StateChanged s -> s.snapshot().name();
            default -> "";
        };
    }

    private List<Heard> stopRequests() {
        return heard.stream()
                .filter(h -> h.event() instanceof EngineEvent.StopRequested)
                .toList();
    }

    @Test
    void everySignalOfTheStepIsSentBeforeTheListenerHearsOfTheFirstStop() {
        load(config(running("a"), running("b"), running("c"), running("d")));

        var stopped = engine.stop(List.of("all"));

        assertThat(launcher.signals).hasSize(4);
        assertThat(stopRequests())
                .hasSize(4)
                .allSatisfy(h -> assertThat(h.signalsSent()).isEqualTo(4));
        assertThat(List.of("a", "b", "c", "d"))
                .allSatisfy(n -> assertThat(state(n)).isEqualTo(STOPPING));
        assertThat(stopped).isNotCompleted();
    }

    @Test
    void theListenerHearsEachProcessesEventsTogetherAndInTheOrderTheyHappened() {
        load(config(running("a"), running("b"), running("c")));

        engine.stop(List.of("all"));

        // Without the batch each process's events came one after the other, in stop order; so
        // they still do: the names change only from one process to the next, never back.
        List<String> names = heard.stream()
                .map(h -> nameOf(h.event()))
                .filter(n -> !n.isEmpty())
                .toList();
        List<String> runs = new ArrayList<>();
        for (String n : names) {
            if (runs.isEmpty() || !runs.getLast().equals(n)) {
                runs.add(n);
            }
        }
        assertThat(runs).doesNotHaveDuplicates().containsExactlyInAnyOrder("a", "b", "c");
        List<String> stopOrder =
                stopRequests().stream().map(h -> nameOf(h.event())).toList();
        assertThat(runs).isEqualTo(stopOrder);
        // Within one process: the stop request, then the move to STOPPING.
        for (String n : runs) {
            List<EngineEvent> own = heard.stream()
                    .map(Heard::event)
                    .filter(e -> nameOf(e).equals(n))
                    .toList();
            int request = indexOf(own, e -> e instanceof EngineEvent.StopRequested);
            int stopping = indexOf(own, e -> e instanceof EngineEvent.StateChanged sc && sc.to() == STOPPING);
            assertThat(request).as(n).isNotNegative().isLessThan(stopping);
        }
    }

    private static int indexOf(List<EngineEvent> events, java.util.function.Predicate<EngineEvent> p) {
        for (int i = 0; i < events.size(); i++) {
            if (p.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aStopOfOneIsHeardAsItHappens() {
        load(config(running("a"), running("b")));

        engine.stop(List.of("a"));

        assertThat(stopRequests())
                .singleElement()
                .satisfies(h -> assertThat(h.signalsSent()).isEqualTo(1));
        assertThat(state("b")).isNotEqualTo(STOPPING);
    }

    @Test
    void whatStopsAfterItsDependentsIsHeardWhenItStopsNotHeldBack() {
        ProcessSpec db = running("db");
        ProcessSpec web = spec("web", b -> {
            b.startSeconds = 0;
            b.dependsOn = List.of("db");
            return b;
        });
        load(config(db, web));

        engine.stop(List.of("all"));
        // web first, alone in the step: db waits for web to be down.
        assertThat(stopRequests())
                .singleElement()
                .satisfies(h -> assertThat(nameOf(h.event())).isEqualTo("web"));
        assertThat(state("db")).isNotEqualTo(STOPPING);

        launcher.exit(pid("web"), ExitStatus.killed(15));
        loop.runPending();

        assertThat(state("db")).isEqualTo(STOPPING);
        assertThat(stopRequests()).extracting(h -> nameOf(h.event())).containsExactly("web", "db");
        launcher.exit(pid("db"), ExitStatus.killed(15));
        loop.runPending();
        assertThat(state("db")).isEqualTo(STOPPED);
        assertThat(heard)
                .filteredOn(h -> h.event() instanceof EngineEvent.StateChanged sc && sc.to() == STOPPED)
                .extracting(h -> nameOf(h.event()))
                .containsExactly("web", "db");
    }

    @Test
    void aListenerThatFailsOnOneHeldEventStillHearsTheRest() {
        load(config(running("a"), running("b"), running("c")));
        extra = e -> {
            if (e instanceof EngineEvent.StopRequested s && s.process().equals("b")) {
                throw new IllegalStateException("a listener's bug");
            }
        };

        engine.stop(List.of("all"));

        assertThat(stopRequests()).hasSize(3);
        assertThat(List.of("a", "b", "c")).allSatisfy(n -> assertThat(state(n)).isEqualTo(STOPPING));
    }

    @Test
    void aListenerThatStopsMoreWhileHeldEventsAreToldHearsEverythingInOrder() {
        load(config(running("a"), running("b"), running("c"), running("d")));
        // On the first stop request heard, the listener stops the others (on the loop, as a
        // Jolokia request would be; the fake loop runs it at once).
        extra = e -> {
            if (e instanceof EngineEvent.StopRequested && stopRequests().size() == 1) {
                engine.stop(List.of("c", "d"));
            }
        };

        engine.stop(List.of("a", "b"));

        assertThat(List.of("a", "b", "c", "d"))
                .allSatisfy(n -> assertThat(state(n)).isEqualTo(STOPPING));
        List<String> order = stopRequests().stream().map(h -> nameOf(h.event())).toList();
        assertThat(order).hasSize(4);
        // a and b were stopped first, so they are heard first, whatever the listener did meanwhile
        assertThat(order.subList(0, 2)).containsExactlyInAnyOrder("a", "b");
        assertThat(order.subList(2, 4)).containsExactlyInAnyOrder("c", "d");
    }

    @Test
    void aShutdownHaltsEachPriorityBatchWithItsSignalsFirst() {
        load(config(running("a"), running("b"), running("c")));

        engine.shutdown();
        loop.runPending();

        assertThat(launcher.signals).hasSize(3);
        assertThat(stopRequests())
                .hasSize(3)
                .allSatisfy(h -> assertThat(h.signalsSent()).isEqualTo(3));
    }
}
