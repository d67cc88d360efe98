package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * The prompt: Ctrl-C gives it back while a command waits for the daemon, fg's lines stay out of
 * the history, and a typed-ahead line never answers the shutdown question.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTest {

    static final String PROGRAMS = """
        [deaf]
        cmd = sh -c "trap '' TERM; exec sleep 100000"
        starttime = 0
        stoptime = 120
        [echo]
        cmd = sh -c 'while read l; do echo "got $l"; done'
        starttime = 0
        stdin = pipe
        stdout = %(here)s/echo.out
        """;

    TestDaemon d;
    Path home;

    @BeforeAll
    void start(@TempDir Path dir, @TempDir Path home) throws Exception {
        this.home = home;
        d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl();
        await().atMost(TestDaemon.BOUND).until(() -> Run.ctl(d, "status").code() == Exit.OK);
    }

    @AfterAll
    void stop() throws Exception {
        d.close();
        assertThat(d.children()).isEmpty();
    }

    /** A console on a dumb terminal fed by the test, running in its own thread. */
    final class Session implements AutoCloseable {
        final PipedOutputStream keys = new PipedOutputStream();
        final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        final Terminal terminal;
        final CompletableFuture<Integer> done;

        Session(Supervisor sup, Path history) throws Exception {
            this(new PipedInputStream(), sup, history);
        }

        private Session(PipedInputStream in, Supervisor sup, Path history) throws Exception {
            in.connect(keys);
            terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, in, screen, StandardCharsets.UTF_8);
            done = CompletableFuture.supplyAsync(() -> new Console(terminal, history, new Commands(), sup).run());
        }

        void type(String text) throws Exception {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        String screen() {
            return screen.toString(StandardCharsets.UTF_8);
        }

        int prompts() {
            return screen().split(Console.PROMPT, -1).length - 1;
        }

        @Override
        public void close() throws Exception {
            keys.close(); // end of input: the console leaves
            assertThat(done.get(30, TimeUnit.SECONDS)).isZero();
            terminal.close();
        }
    }

    Supervisor supervisor() throws Exception {
        return new Supervisor(new JolokiaClient(Target.resolve(d.conf.toString(), null, null, null, Map.of())));
    }

    @Test
    void ctrlCGivesThePromptBackWhileARestartWaitsOnALongStop() throws Exception {
        try (Session s = new Session(supervisor(), home.resolve("h1"))) {
            await().atMost(TestDaemon.BOUND).until(() -> s.prompts() == 1);
            s.type("restart deaf\n");
            // deaf ignores TERM: the restart waits out its stoptime of 120 s
            await().atMost(TestDaemon.BOUND)
                    .until(() -> Run.ctl(d, "status", "deaf").out().contains("STOPPING"));
            long before = System.nanoTime();
            s.terminal.raise(Terminal.Signal.INT);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> s.prompts() == 2);
            Duration took = Duration.ofNanos(System.nanoTime() - before);
            assertThat(took).isLessThan(Duration.ofMillis(1500));
            assertThat(s.screen()).contains("interrupted; the operation goes on in the daemon\n" + Console.PROMPT);
            // the console answers again, and the daemon goes on with the restart
            s.type("status deaf\n");
            await().atMost(TestDaemon.BOUND).until(() -> s.screen().matches("(?s).*deaf +STOPPING.*"));
            assertThat(Run.ctl(d, "status", "deaf").out()).contains("STOPPING");
        } finally {
            // End the 120 s stops with SIGKILL: first the restart's, then that of a stop, so that
            // deaf is STOPPED and the daemon's own shutdown does not wait on it.
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        killDeaf();
                        return Run.ctl(d, "status", "deaf").code() == Exit.OK;
                    });
            CompletableFuture<Run> stopped = CompletableFuture.supplyAsync(() -> Run.ctl(d, "stop", "deaf"));
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        killDeaf();
                        return stopped.isDone();
                    });
            assertThat(Run.ctl(d, "status", "deaf").out()).contains("STOPPED");
        }
    }

    private void killDeaf() {
        String pid = Run.ctl(d, "pid", "deaf").out().strip();
        if (pid.matches("[1-9]\\d*") && Run.ctl(d, "status", "deaf").out().contains("STOPPING")) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void linesTypedInFgGoToTheProgramAndNotIntoTheHistory() throws Exception {
        Path history = home.resolve("h2");
        String script = "status echo\nfg echo\nsecret-for-echo\n";
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal(
                "test",
                Terminal.TYPE_DUMB,
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                screen,
                StandardCharsets.UTF_8)) {
            // the input ends after the line: fg detaches (Ctrl-D), then the console leaves
            assertThat(new Console(t, history, new Commands(), supervisor()).run())
                    .isZero();
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("Exiting foreground");
        await().atMost(TestDaemon.BOUND)
                .until(() -> Files.readString(d.dir.resolve("echo.out")).contains("got secret-for-echo"));
        List<String> saved = Files.readAllLines(history);
        assertThat(saved)
                .anyMatch(l -> l.endsWith("status echo"))
                .anyMatch(l -> l.endsWith("fg echo"))
                .noneMatch(l -> l.contains("secret-for-echo"));
    }

    @Test
    void aTypedAheadYesDoesNotConfirmTheShutdown() throws Exception {
        try (FakeJolokia fake = new FakeJolokia(r -> FakeJolokia.ok("exec".equals(r.get("type")) ? null : List.of()))) {
            Supervisor sup = new Supervisor(new JolokiaClient(Target.resolve(null, fake.url(), null, null, Map.of())));
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            InputStream pasted = new ByteArrayInputStream("shutdown\ny\n".getBytes(StandardCharsets.UTF_8));
            try (Terminal t = new DumbTerminal("test", Terminal.TYPE_DUMB, pasted, screen, StandardCharsets.UTF_8)) {
                assertThat(new Console(t, home.resolve("h3"), new Commands(), sup).run())
                        .isZero();
            }
            assertThat(screen.toString(StandardCharsets.UTF_8)).contains("Really shut the remote taskmasterd");
            assertThat(fake.requests).noneMatch(r -> "shutdown".equals(r.get("operation")));
        }
    }

    @Test
    void aYesTypedAfterTheQuestionConfirmsAndStaysOutOfTheHistory() throws Exception {
        try (FakeJolokia fake = new FakeJolokia(r -> FakeJolokia.ok("exec".equals(r.get("type")) ? null : List.of()))) {
            Supervisor sup = new Supervisor(new JolokiaClient(Target.resolve(null, fake.url(), null, null, Map.of())));
            Path history = home.resolve("h4");
            try (Session s = new Session(sup, history)) {
                s.type("shutdown\n");
                await().atMost(TestDaemon.BOUND).until(() -> s.screen().contains("Really shut the remote taskmasterd"));
                s.type("y\n");
                await().atMost(TestDaemon.BOUND).until(() -> s.screen().contains("Shut down"));
            }
            assertThat(fake.requests).anyMatch(r -> "shutdown".equals(r.get("operation")));
            assertThat(Files.readAllLines(history))
                    .anyMatch(l -> l.endsWith("shutdown"))
                    .noneMatch(l -> l.endsWith(":y"));
        }
    }
}
