package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import taskmaster.output.LogStream;
import taskmaster.output.OutputCounts;

/** The coalescing of output notices: one per stream that grew since the last tick, none for quiet ones. */
class OutputNoticesTest {

    final Map<String, OutputCounts> counts = new ConcurrentHashMap<>();
    final List<String> names = new ArrayList<>(List.of("a", "b"));
    final List<String> told = new ArrayList<>();
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
}
