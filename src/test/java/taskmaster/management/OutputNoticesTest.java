package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.management.NotificationListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import taskmaster.output.LogStream;
import taskmaster.output.OutputCounts;

/** The coalescing of output notices: one per stream that grew since the last tick, none for quiet ones. */
class OutputNoticesTest {

    final Map<String, OutputCounts> counts = new ConcurrentHashMap<>();
    final List<String> names = new ArrayList<>(List.of("a", "b"));
    /** Filled on the ticker's thread in the tests that start it. */
    final List<String> told = Collections.synchronizedList(new ArrayList<>());

    final OutputNotices notices = new OutputNotices(
            () -> List.copyOf(names),
            n -> counts.getOrDefault(n, OutputCounts.NONE),
            (p, s, bytes) -> told.add(p + " " + s + " " + bytes));

    @Test
    void aStreamThatGrewIsToldOncePerTickHoweverMuchItGrew() {
        notices.tick();
        assertThat(told).isEmpty(); // nothing captured yet
        counts.put("a", new OutputCounts(10, 0));
        counts.put("a", new OutputCounts(500, 0));
        counts.put("b", new OutputCounts(0, 7));
        notices.tick();
        assertThat(told).containsExactlyInAnyOrder("a " + LogStream.STDOUT + " 500", "b " + LogStream.STDERR + " 7");
        told.clear();
        notices.tick();
        assertThat(told).isEmpty(); // quiet since
        counts.put("a", new OutputCounts(500, 3));
        notices.tick();
        assertThat(told).containsExactly("a " + LogStream.STDERR + " 3");
    }

    @Test
    void aProcessRemovedAndAddedAgainIsToldOfWhatItHas() {
        counts.put("a", new OutputCounts(10, 0));
        notices.tick();
        names.remove("a");
        notices.tick();
        told.clear();
        names.add("a");
        notices.tick();
        assertThat(told).containsExactly("a " + LogStream.STDOUT + " 10");
    }

    @Test
    void aTickOverAThousandQuietProcessesTellsNothingAndIsCheap() {
        names.clear();
        IntStream.range(0, 1000).forEach(i -> {
            names.add("p" + i);
            counts.put("p" + i, new OutputCounts(i, i));
        });
        notices.tick();
        told.clear();
        for (int i = 0; i < 2000; i++) {
            notices.tick(); // warm up
        }
        int ticks = 2000;
        long start = System.nanoTime();
        for (int i = 0; i < ticks; i++) {
            notices.tick();
        }
        double micros = (System.nanoTime() - start) / 1000.0 / ticks;
        System.out.printf("output notices: a tick over 1000 quiet processes takes %.1f us%n", micros);
        assertThat(told).isEmpty();
        // four ticks a second: even 10 ms a tick would be 4 % of a core; it is far less (see the figure above)
        assertThat(micros).isLessThan(10_000);
    }

    @AfterEach
    void close() {
        notices.close();
    }

    /** An idle daemon with nobody following has no ticker: it starts with the first listener, stops with the last. */
    @Test
    void theTickerRunsOnlyWhileSomeoneListens() {
        notices.start();
        assertThat(notices.ticking()).isFalse();
        notices.listeners(1);
        assertThat(notices.ticking()).isTrue();
        notices.listeners(1);
        notices.listeners(-1);
        assertThat(notices.ticking()).isTrue(); // one still listens
        notices.listeners(-1);
        assertThat(notices.ticking()).isFalse();
    }

    @Test
    void beforeStartOrAfterCloseNoListenerStartsIt() {
        notices.listeners(1);
        assertThat(notices.ticking()).isFalse(); // a registry whose notices were never started
        notices.start();
        assertThat(notices.ticking()).isTrue();
        notices.close();
        assertThat(notices.ticking()).isFalse();
        notices.listeners(1);
        assertThat(notices.ticking()).isFalse();
    }

    /** Output written while nobody listened is not told as new when someone comes; what follows is. */
    @Test
    void aNewTickerTellsOnlyWhatGrewSinceItStarted() {
        counts.put("a", new OutputCounts(10, 0));
        notices.start();
        notices.listeners(1);
        AtomicInteger b = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            counts.put("b", new OutputCounts(0, b.incrementAndGet())); // grows until a tick tells it
            return !told.isEmpty();
        });
        assertThat(told).isNotEmpty().allMatch(t -> t.startsWith("b " + LogStream.STDERR + " "));
    }

    /** A process bean's emitter counts its listeners, each registration once, and gives them back when the bean goes. */
    @Test
    void theEmitterTellsListenersAddedAndRemoved() throws Exception {
        List<Integer> changes = new ArrayList<>();
        ListenedEmitter e = new ListenedEmitter(Runnable::run, changes::add);
        NotificationListener one = (n, h) -> {};
        NotificationListener two = (n, h) -> {};
        e.addNotificationListener(one, null, null);
        e.addNotificationListener(one, null, "again");
        e.addNotificationListener(two, null, null);
        e.removeNotificationListener(one, null, "again");
        e.removeNotificationListener(one); // its every registration: one left
        assertThat(changes).containsExactly(1, 1, 1, -1, -1);
        e.forget();
        assertThat(changes).containsExactly(1, 1, 1, -1, -1, -1); // two's, still added when the bean went
        e.forget();
        assertThat(changes).hasSize(6);
    }
}
