package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import taskmaster.ctl.Supervisor.Proc;

/**
 * The status table against a golden file: supervisorctl's columns, widened past 30 characters, a
 * state without description padded as supervisorctl pads it.
 */
class StatusTableTest {

    static Proc p(String name, String state, String description) {
        return new Proc(name, name, name, state, 0, description, Map.of());
    }

    @Test
    void matchesTheGoldenFile() throws IOException {
        List<Proc> rows = List.of(
                p("counter", "RUNNING", "pid 14401, uptime 0:00:02"),
                p("worker_00", "RUNNING", "pid 14402, uptime 1 day, 2:03:04"),
                p("flaky", "BACKOFF", "Exited too quickly (process log may have details)"),
                p("missing", "FATAL", "can't find command '/nonexistent/binary'"),
                p("manual", "STOPPED", "Not started"),
                p("slow", "STARTING", ""),
                p("false_exit3", "EXITED", "Nov 21 08:21 PM, exit status 3"));
        assertThat(String.join("\n", StatusTable.lines(rows)) + "\n").isEqualTo(golden("status.txt"));
    }

    @Test
    void aLongNameWidensTheColumn() throws IOException {
        List<Proc> rows = List.of(
                p("a_program_with_a_very_long_name_indeed", "RUNNING", "pid 1, uptime 0:00:01"),
                p("short", "STOPPED", "Not started"));
        assertThat(String.join("\n", StatusTable.lines(rows)) + "\n").isEqualTo(golden("status-wide.txt"));
    }

    static String golden(String name) throws IOException {
        try (InputStream in = StatusTableTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
