package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static taskmaster.testing.TestDaemon.value;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/** One bulk read returns the state of 1000 processes, and one read what each of them costs. */
class ThousandProcessesTest {

    @Test
    void oneBulkReadReturnsTheStateOfAThousandProcesses(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs("""
            [many]
            cmd = sleep 100000
            numprocs = 1000
            process_name = many_%(process_num)03d
            starttime = 0
            """).start().awaitUrl()) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> ((Number) d.read("taskmaster:type=Program,name=many", "Running")).intValue() == 1000);
            JSONArray answer = d.postBulk(List.of(
                    Map.of("type", "read", "mbean", "taskmaster:type=Process,program=many,*", "attribute", "State"),
                    Map.of("type", "read", "mbean", "taskmaster:type=Supervisor", "attribute", "Processes")));
            Map<?, ?> states = (Map<?, ?>) value((org.jolokia.json.JSONObject) answer.get(0));
            assertThat(states).hasSize(1000);
            assertThat(states.values())
                    .allSatisfy(v -> assertThat(((Map<?, ?>) v).get("State")).isEqualTo("RUNNING"));
            assertThat((List<?>) value((org.jolokia.json.JSONObject) answer.get(1)))
                    .hasSize(1000);
            assertThat(d.children()).hasSize(1000);
            // What each costs, in one read: every process by name with its program, from the last samples.
            long t0 = System.nanoTime();
            List<?> rows = (List<?>) d.read("taskmaster:type=Supervisor", "Resources");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("Resources of 1000 processes over Jolokia: " + ms + " ms");
            assertThat(rows).hasSize(1000);
            List<String> names = rows.stream()
                    .map(r -> String.valueOf(((Map<?, ?>) r).get("name")))
                    .toList();
            assertThat(names).isSorted().first().isEqualTo("many_000");
            assertThat(rows).allSatisfy(r -> assertThat(((Map<?, ?>) r).get("program")).isEqualTo("many"));
            assertThat(ms).as("one read of the last samples of 1000 processes").isLessThan(10_000);
        }
    }
}
