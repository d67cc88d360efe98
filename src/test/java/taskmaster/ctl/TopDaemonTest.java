package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * {@code taskmasterctl top} against a real daemon, its output not a terminal: the table once
 * (like {@code top -b -n 1}), exit 0, a row a process with its real pid, '-' for the one that
 * does not run, in the order of the sort key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopDaemonTest {

    static final String PROGRAMS = """
        [burner]
        cmd = /bin/sh -c 'while :; do :; done'
        starttime = 0
        [sleeper]
        cmd = sleep 100000
        starttime = 0
        [hog]
        cmd = /usr/bin/python3 -c "import time; b = b'x' * (100 << 20); time.sleep(100000)"
        starttime = 0
        [manual]
        cmd = sleep 100000
        autostart = false
        """;

    TestDaemon d;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        d = TestDaemon.in(dir)
                .keys("sample_interval = 1")
                .programs(PROGRAMS)
                .start()
                .awaitUrl();
        await().atMost(TestDaemon.BOUND)
                .until(() -> Run.ctl(d, "status", "burner", "sleeper", "hog").code() == Exit.OK);
    }

    @AfterAll
    void stop() throws Exception {
        d.close();
    }

    static List<String[]> rows(Run r) {
        return r.out().lines().skip(3).map(l -> l.split(" +")).toList();
    }

    @Test
    void withoutATerminalItPrintsTheTableOnceAndExitsZero() {
        Run r = Run.ctl(d, "top");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0))
                .matches("taskmaster top - \\d\\d:\\d\\d:\\d\\d  processes: 4, 3 running  sorted by cpu"
                        + "  every 2 s( \\(sampled every \\d+ s\\))?");
        assertThat(lines.get(1))
                .matches("total: cpu \\S+%  rss .+  threads \\S+  fds \\S+   daemon: cpu \\S+%  rss .+"
                        + "  threads \\S+  fds \\S+");
        assertThat(lines.get(2).split(" +"))
                .containsExactly("NAME", "STATE", "PID", "CPU%", "RSS", "THR", "FDS", "RESTARTS", "UPTIME");
        assertThat(lines).hasSize(7);
        // the processes that run first; the stopped one last, its figures '-'
        assertThat(rows(r).get(3)).containsExactly("manual", "STOPPED", "-", "-", "-", "-", "-", "0", "-");
        for (String name : List.of("burner", "sleeper", "hog")) {
            String pid = Run.ctl(d, "pid", name).out().strip();
            assertThat(rows(r))
                    .filteredOn(row -> row[0].equals(name))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row[1]).isEqualTo("RUNNING");
                        assertThat(row[2]).isEqualTo(pid);
                        assertThat(row[row.length - 1]).matches("\\d+:\\d\\d:\\d\\d");
                    });
        }
    }

    /** Once sampled: the burner leads by CPU (near one core), the hog by memory (its 100 MiB). */
    @Test
    void cpuAndMemoryOrderTheRowsByTheSampledFigures() {
        await().atMost(TestDaemon.BOUND).untilAsserted(() -> {
            Run byCpu = Run.ctl(d, "top", "--sort", "cpu");
            String[] first = rows(byCpu).getFirst();
            assertThat(first[0]).as(byCpu.out()).isEqualTo("burner");
            // "?" until the burner's pid has been sampled twice: an assertion, so the wait goes on.
            assertThat(first[3]).as(byCpu.out()).matches("\\d+(\\.\\d+)?");
            assertThat(Double.parseDouble(first[3])).as(byCpu.out()).isGreaterThan(5.0);
            Run byMemory = Run.ctl(d, "top", "-d", "5", "--sort", "m");
            String[] top = rows(byMemory).getFirst();
            assertThat(top[0]).as(byMemory.out()).isEqualTo("hog");
            assertThat(top[5]).as(byMemory.out()).isEqualTo("MiB");
            assertThat(top[4]).as(byMemory.out()).matches("\\d+(\\.\\d+)?");
            assertThat(Double.parseDouble(top[4])).as(byMemory.out()).isGreaterThanOrEqualTo(100.0);
            assertThat(byMemory.out()).contains("sorted by memory  every 5 s");
            System.out.println("TopDaemonTest: top --sort cpu\n" + byCpu.out());
        });
    }

    /** At the prompt: top takes the console's terminal, q gives it back, and the console goes on. */
    @Test
    void atThePromptTopTakesTheScreenAndQGivesItBack(@TempDir Path home) throws Exception {
        java.io.PipedInputStream in = new java.io.PipedInputStream();
        java.io.PipedOutputStream keys = new java.io.PipedOutputStream(in);
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        Supervisor sup = new Supervisor(
                new JolokiaClient(Target.resolve(d.conf.toString(), null, null, null, java.util.Map.of())));
        try (org.jline.terminal.Terminal t = org.jline.terminal.TerminalBuilder.builder()
                .system(false)
                .streams(in, screen)
                .type("xterm")
                .build()) {
            t.setSize(new org.jline.terminal.Size(120, 40));
            java.util.concurrent.CompletableFuture<Integer> console =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> new Console(t, home.resolve("history"), new Commands(), sup).run());
            keys.write("top -d 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            keys.flush();
            await().atMost(TestDaemon.BOUND).until(() -> screen.toString().contains("sorted by cpu  every 1 s"));
            keys.write('m');
            keys.flush();
            await().atMost(TestDaemon.BOUND).until(() -> screen.toString().contains("sorted by memory  every 1 s"));
            keys.write('q');
            keys.flush();
            await().atMost(TestDaemon.BOUND).until(() -> screen.toString().contains("\033[?1049l"));
            String pid = Run.ctl(d, "pid", "sleeper").out().strip();
            keys.write("pid sleeper\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            keys.flush();
            await().atMost(TestDaemon.BOUND).until(() -> {
                String out = screen.toString();
                return out.substring(out.lastIndexOf("\033[?1049l")).contains(pid);
            });
            keys.write("quit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            keys.flush();
            assertThat(console.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            String out = screen.toString();
            assertThat(out.substring(out.lastIndexOf("\033[?1049l"))).contains(Console.PROMPT);
        }
    }

    @Test
    void theSortKeyOrdersTheRowsAndABadOneIsAUsageError() {
        Run byName = Run.ctl(d, "top", "--sort", "name");
        assertThat(rows(byName).stream().map(row -> row[0])).containsExactly("burner", "hog", "sleeper", "manual");
        assertThat(byName.out().lines().findFirst().orElseThrow()).contains("sorted by name");
        Run bad = Run.ctl(d, "top", "--sort", "disk");
        assertThat(bad.code()).isEqualTo(Exit.USAGE);
        assertThat(bad.err() + bad.out()).contains("--sort disk: not a sort key (cpu (c), memory (m)");
        Run badInterval = Run.ctl(d, "top", "-d", "0");
        assertThat(badInterval.code()).isEqualTo(Exit.USAGE);
    }
}
