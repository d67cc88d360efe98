package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jolokia.json.JSONArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * Twenty clients each wait on a stop that takes its whole stoptime (the programs ignore SIGTERM);
 * meanwhile status reads still answer at once. With Jolokia's former fixed pool of 8 workers, every
 * read waited for a stop to end.
 */
class ManagementStarvationTest {

    static final int CLIENTS = 20;
    static final int READS = 30;
    /**
     * The median read while every client waits on a slow stop may exceed the median idle read, measured
     * the same way just before, by at most this: a starved read waits the whole 15 s stoptime, and an
     * absolute bound alone fails on a box shared with other test JVMs.
     */
    static final long MEDIAN_SLACK_MS = 50;
    /** Any single read: generous for a shared box, yet far below the 15 s a starved read waits. */
    static final long MAX_BOUND_MS = 1_000;

    @Test
    void statusReadsAnswerWhileTwentyStopsWaitOnTheirStoptime(@TempDir Path dir) throws Exception {
        try (TestDaemon d =
                TestDaemon.in(dir).programs("""
                    [deaf]
                    cmd = sh -c "trap '' TERM; exec sleep 100000"
                    numprocs = %d
                    process_name = deaf_%%(process_num)02d
                    starttime = 0
                    stoptime = 15
                    """.formatted(CLIENTS)).start().awaitUrl()) {
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() ->
                            ((Number) d.read("taskmaster:type=Program,name=deaf", "Running")).intValue() == CLIENTS);
            long[] idle = readTimes(d);
            List<CompletableFuture<Object>> stops = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String mbean = "taskmaster:type=Process,program=deaf,name=deaf_%02d".formatted(i);
                stops.add(CompletableFuture.supplyAsync(
                        () -> d.exec(mbean, "stop"), r -> Thread.ofVirtual().start(r)));
            }
            await().atMost(TestDaemon.BOUND).pollInterval(Duration.ofMillis(50)).until(() -> stopping(d) == CLIENTS);
            long[] ms = readTimes(d);
            assertThat(stops).noneMatch(CompletableFuture::isDone);
            long[] sorted = ms.clone();
            Arrays.sort(sorted);
            long[] idleSorted = idle.clone();
            Arrays.sort(idleSorted);
            String figures = "status reads with " + CLIENTS + " stops waiting, ms: min " + sorted[0] + ", median "
                    + sorted[READS / 2] + ", max " + sorted[READS - 1] + ", all " + Arrays.toString(ms)
                    + "; idle before: median " + idleSorted[READS / 2] + ", max " + idleSorted[READS - 1];
            System.out.println("ManagementStarvationTest: " + figures);
            assertThat(sorted[READS / 2]).as(figures).isLessThan(2 * idleSorted[READS / 2] + MEDIAN_SLACK_MS);
            assertThat(sorted[READS - 1]).as(figures).isLessThan(MAX_BOUND_MS);
        }
    }

    /** How long each of {@link #READS} reads of Supervisor Processes takes, in ms. */
    private static long[] readTimes(TestDaemon d) {
        long[] ms = new long[READS];
        for (int i = 0; i < READS; i++) {
            long t0 = System.nanoTime();
            JSONArray processes = (JSONArray) d.read("taskmaster:type=Supervisor", "Processes");
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            assertThat(processes).hasSize(CLIENTS);
        }
        return ms;
    }

    private static long stopping(TestDaemon d) {
        JSONArray all = (JSONArray) d.read("taskmaster:type=Supervisor", "Processes");
        return all.stream()
                .filter(p -> "STOPPING".equals(((Map<?, ?>) p).get("state")))
                .count();
    }
}
