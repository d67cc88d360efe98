package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.testing.RealSupervisord.Run;
import taskmaster.testing.SupervisorPython;

/**
 * The same {@code [eventlistener:x]} sections through supervisord's own parser (Debian's
 * {@code supervisor} package, run with {@code /usr/bin/python3}) and ours: the same pools, priorities,
 * buffer sizes, events, processes and stdout logs, and the same files refused.
 */
class ListenerParityTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void supervisordIsInstalled() {
        SupervisorPython.assertInstalled();
    }

    private String daemon() {
        return "[supervisord]\nlogfile = " + dir.resolve("sd.log") + "\npidfile = " + dir.resolve("sd.pid")
                + "\nchildlogdir = " + dir + "\n";
    }

    private static final String SUPERLANCE = """
        [eventlistener:crashmail]
        command = /usr/bin/crashmail -a -m root@localhost
        events = PROCESS_STATE_EXITED

        [eventlistener:memmon]
        command = memmon -a 200MB -m ops@example.com
        events = TICK_60
        stdout_logfile = NONE

        [eventlistener:pool]
        command = /bin/cat
        events = tick_60, PROCESS_STATE, process_state
        numprocs = 2
        process_name = %(program_name)s_%(process_num)02d
        buffer_size = 25
        stdout_logfile = %(here)s/pool-%(process_num)s.log
        priority = 7

        [program:web]
        command = /bin/sleep 100
        """;

    @Test
    void theSamePoolsAsSupervisords() throws Exception {
        String file = daemon() + SUPERLANCE;
        Supervisord theirs = supervisord(file);
        assertThat(theirs.code).as(String.join("\n", theirs.lines)).isZero();
        assertThat(theirs.lines).as("three pools, four processes").hasSize(7);
        assertThat(ours(TestConfigs.load(dir, file))).containsExactlyInAnyOrderElementsOf(theirs.lines);
    }

    @Test
    void theSameListenerSectionsRefused() throws Exception {
        String base = "[eventlistener:x]\ncommand = /bin/cat\n";
        for (String refused : List.of(
                base + "events = PROCESS_STATE\nredirect_stderr = true\n",
                base + "events = PROCESS_STATE_EXITTED\n",
                base + "events = TICK_5\nbuffer_size = 0\n",
                base)) {
            String file = daemon() + refused;
            Supervisord theirs = supervisord(file);
            assertThat(theirs.code).as("supervisord refuses:\n" + refused).isEqualTo(3);
            assertThat(TestConfigs.errors(dir, file))
                    .as("we refuse:\n" + refused)
                    .isNotEmpty();
        }
    }

    /** Our configuration as the script prints supervisord's. */
    private List<String> ours(Configuration c) {
        List<String> lines = new ArrayList<>();
        for (ProgramSpec p : c.programs()) {
            if (!p.isListener()) {
                continue;
            }
            lines.add(String.join(
                    "\t",
                    "pool",
                    p.name(),
                    Integer.toString(p.priority()),
                    Integer.toString(p.listener().bufferSize()),
                    p.listener().events().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                    p.listener().resultHandler()));
            for (ProcessSpec s : p.processes()) {
                lines.add(String.join(
                        "\t", "process", p.name(), s.name(), logfile(s), Boolean.toString(s.redirectStderr())));
            }
        }
        return lines;
    }

    private String logfile(ProcessSpec s) {
        return switch (s.stdout()) {
            case Output.Discard d -> "NONE";
            case Output.ToFile f when f.path().equals(dir.resolve(s.name() + "-stdout.log")) -> "AUTO";
            case Output.ToFile f -> f.path().toString();
            case Output.Forward f -> "/dev/fd/" + f.fd();
        };
    }

    private record Supervisord(int code, List<String> lines) {}

    private Supervisord supervisord(String file) throws IOException, InterruptedException {
        Path conf = TestConfigs.write(dir, "supervisord.conf", file);
        Run r = SupervisorPython.parse("listeners", conf, dir, Map.of());
        Files.delete(conf);
        return new Supervisord(r.rc(), r.out().lines().toList());
    }
}
