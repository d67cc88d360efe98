package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jolokia.json.parser.JSONParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code status} shows of the lifecycle, against canned answers: supervisorctl's line for a
 * process without a health check (the description the daemon gives, {@code waiting for db}
 * included), the health's verdict after the description otherwise, and every field in
 * {@code --json}.
 */
class StatusLifecycleTest {

    FakeJolokia fake;

    @AfterEach
    void close() {
        if (fake != null) {
            fake.close();
        }
    }

    static Map<String, Object> proc(
            String name,
            String state,
            long pid,
            String description,
            boolean wanted,
            String source,
            String health,
            String waiting) {
        Map<String, Object> m = new HashMap<>(FakeJolokia.proc(name, state, pid, description));
        m.put("wanted", wanted);
        m.put("wantedSource", source);
        m.put("health", health);
        m.put("healthCheckedAt", health.equals("NONE") ? 0 : 1_790_000_000_000L);
        m.put("healthOk", health.equals("HEALTHY"));
        m.put("healthMessage", health.equals("NONE") ? "" : "HTTP 503");
        m.put("healthFailures", health.equals("UNHEALTHY") ? 3 : 0);
        m.put("waitingFor", waiting);
        m.put("statusText", "");
        return m;
    }

    private void serve() throws Exception {
        fake = new FakeJolokia(r -> FakeJolokia.ok(List.of(
                proc("api", "RUNNING", 42, "pid 42, uptime 0:00:05", true, "CONFIG", "HEALTHY", ""),
                proc("cache", "RUNNING", 43, "pid 43, uptime 0:00:05", true, "CONFIG", "UNHEALTHY", ""),
                proc("db", "STOPPED", 0, "Nov 21 08:21 PM", false, "OPERATOR", "NONE", ""),
                proc("manual", "STOPPED", 0, "Not started", false, "PERSISTED", "NONE", ""),
                proc("probe", "STARTING", 44, "", true, "CONFIG", "UNKNOWN", ""),
                proc("web", "STOPPED", 0, "waiting for db", true, "CONFIG", "NONE", "db"))));
    }

    @Test
    void thePlainLinesAreSupervisorctlsWithTheHealthAfterTheDescription() throws Exception {
        serve();
        Run r = Run.at(fake.url(), "status");
        assertThat(r.out()).isEqualTo("""
            api                              RUNNING   pid 42, uptime 0:00:05  health=healthy
            cache                            RUNNING   pid 43, uptime 0:00:05  health=unhealthy
            db                               STOPPED   Nov 21 08:21 PM
            manual                           STOPPED   Not started
            probe                            STARTING  health=unknown
            web                              STOPPED   waiting for db
            """);
        assertThat(r.code()).isEqualTo(Exit.NOT_RUNNING);
        // the first two columns stay what scripts split on
        for (String line : r.out().lines().toList()) {
            assertThat(line.split("\\s+")[1]).matches("[A-Z]+");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasEveryLifecycleField() throws Exception {
        serve();
        Run r = Run.at(fake.url(), "status", "--json", "cache", "web");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) new JSONParser().parse(r.out());
        assertThat(rows).hasSize(2);
        List<String> lifecycle = List.of(
                "wantedSource",
                "health",
                "healthCheckedAt",
                "healthOk",
                "healthMessage",
                "healthFailures",
                "waitingFor",
                "statusText");
        assertThat(rows.getFirst()).containsKeys(lifecycle.toArray(String[]::new));
        // in the contract's order, after supervisorctl's fields
        String first = r.out().substring(0, r.out().indexOf('}'));
        List<Integer> at =
                lifecycle.stream().map(f -> first.indexOf("\"" + f + "\":")).toList();
        assertThat(at).isSorted().allMatch(i -> i > first.indexOf("\"wanted\":"));
        assertThat(rows.getFirst())
                .containsEntry("health", "UNHEALTHY")
                .containsEntry("healthMessage", "HTTP 503")
                .containsEntry("wantedSource", "CONFIG");
        assertThat(((Number) rows.getFirst().get("healthFailures")).intValue()).isEqualTo(3);
        assertThat(rows.get(1)).containsEntry("waitingFor", "db").containsEntry("description", "waiting for db");
    }

    @Test
    void aDaemonThatSaysNothingOfTheLifecycleGetsSupervisorctlsLines() throws Exception {
        fake = new FakeJolokia(r -> FakeJolokia.ok(List.of(FakeJolokia.proc("web", "RUNNING", 42, "pid 42"))));
        assertThat(Run.at(fake.url(), "status").out()).isEqualTo("web                              RUNNING   pid 42\n");
    }
}
