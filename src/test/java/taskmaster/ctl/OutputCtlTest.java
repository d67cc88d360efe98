package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/** tail, tail -f across a rotation, maintail, rotate, clear and fg against a real daemon. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutputCtlTest {

    static final String PROGRAMS = """
        [talker]
        cmd = sh -c 'echo out; echo err >&2; exec sleep 100000'
        starttime = 0
        stdout = %(here)s/talker.out
        stderr = %(here)s/talker.err
        [ticker]
        cmd = sh -c 'i=0; while :; do i=$((i+1)); echo "line $i"; sleep 0.05; done'
        starttime = 0
        stdout = %(here)s/ticker.out
        [echo]
        cmd = sh -c 'while read l; do echo "got $l"; done'
        starttime = 0
        stdin = pipe
        stdout = %(here)s/echo.out
        [burst]
        cmd = sh -c 'echo one; while read w; do i=0; while [ $i -lt 50 ]; do echo "burst $w $i"; i=$((i+1)); done; done'
        starttime = 0
        stdin = pipe
        stdout = %(here)s/burst.out
        """;

    TestDaemon d;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl();
        await().atMost(TestDaemon.BOUND)
                .until(() -> Run.ctl(d, "status").code() == Exit.OK
                        && Run.ctl(d, "tail", "talker", "stderr").out().equals("err\n\n"));
    }

    @AfterAll
    void stop() throws Exception {
        d.close();
        assertThat(d.children()).isEmpty();
    }

    /** taskmasterctl in a thread, with its output readable while it runs. */
    final class Background {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread thread;

        Background(Context.Input input, String... args) {
            String[] all = new String[args.length + 2];
            all[0] = "-c";
            all[1] = d.conf.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            thread = Thread.ofPlatform()
                    .name("ctl-under-test")
                    .start(() -> code.set(Main.run(all, new PrintWriter(out), new PrintWriter(err), Map.of(), input)));
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(TestDaemon.BOUND.toMillis());
            assertThat(thread.isAlive()).as("still running:\n" + out + err).isFalse();
            return code.get();
        }
    }

    @Test
    @Order(1)
    void tailPrintsTheEndOfAStream() {
        // as supervisorctl, the bytes read and then a newline
        assertThat(Run.ctl(d, "tail", "talker").out()).isEqualTo("out\n\n");
        assertThat(Run.ctl(d, "tail", "-2", "talker", "stderr").out()).isEqualTo("r\n\n");
        Run unknown = Run.ctl(d, "tail", "nope");
        assertThat(unknown.out()).isEqualTo("nope: ERROR (no such process name)\n");
        assertThat(unknown.code()).isEqualTo(Exit.FAILED);
        assertThat(Run.ctl(d, "tail", "talker", "stdin").code()).isEqualTo(Exit.USAGE);
        assertThat(Run.ctl(d, "tail", "-x", "talker").code()).isEqualTo(Exit.USAGE);
        Run discarded = Run.ctl(d, "tail", "echo", "stderr");
        assertThat(discarded.err()).isEqualTo("ERROR: FAILED: echo: stderr is discarded (NONE)\n");
        assertThat(discarded.code()).isEqualTo(Exit.FAILED);
    }

    @Test
    @Order(2)
    void tailFollowsAcrossARotation() throws Exception {
        Background tail = new Background(() -> null, "tail", "-f", "ticker");
        try {
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> tail.out.toString().contains("line 40\n"));
            Run rotated = Run.ctl(d, "rotate", "ticker");
            assertThat(rotated.out()).isEqualTo("ticker: rotated\n");
            Path current = d.dir.resolve("ticker.out");
            await().atMost(TestDaemon.BOUND).until(() -> Files.size(current) > 0);
            String first = Files.readString(current).lines().findFirst().orElseThrow();
            int n = Integer.parseInt(first.substring("line ".length()));
            // the beginning of the new file and what follows it reach the follower
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> tail.out
                            .toString()
                            .contains("\n" + first + "\nline " + (n + 1) + "\nline " + (n + 2) + "\n"));
            assertThat(Files.readString(d.dir.resolve("ticker.out.1"))).startsWith("line 1\n");
        } finally {
            assertThat(tail.stop()).isEqualTo(Exit.OK);
        }
    }

    @Test
    @Order(3)
    void maintailPrintsTheEventLog() {
        Run all = Run.ctl(d, "maintail");
        assertThat(all.out()).contains("spawned: 'echo'");
        assertThat(all.code()).isZero();
        Run last = Run.ctl(d, "maintail", "-100");
        assertThat(last.out().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isBetween(98, 101);
        assertThat(all.out()).endsWith(last.out());
    }

    @Test
    @Order(4)
    void clearEmptiesTheLogFiles() throws Exception {
        assertThat(Run.ctl(d, "clear", "talker").out()).isEqualTo("talker: cleared\n");
        assertThat(Run.ctl(d, "tail", "talker").out()).isEqualTo("\n");
        assertThat(d.dir.resolve("ticker.out.1")).exists();
        Run all = Run.ctl(d, "clear", "all");
        assertThat(all.out()).contains("talker: cleared\n", "ticker: cleared\n", "echo: cleared\n");
        assertThat(d.dir.resolve("ticker.out.1")).doesNotExist();
        assertThat(Run.ctl(d, "clear", "nope").code()).isEqualTo(Exit.FAILED);
    }

    @Test
    @Order(5)
    void fgSendsWhatIsTypedAndDetachesAtTheEndOfInput() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger reads = new AtomicInteger();
        Context.Input input = () -> switch (reads.incrementAndGet()) {
            case 1 -> "hello fg";
            default -> {
                // Ctrl-D once the answer came back through the follower
                await().atMost(TestDaemon.BOUND)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> out.toString().contains("got hello fg\n"));
                yield null;
            }
        };
        int code = Main.run(
                new String[] {"-c", d.conf.toString(), "fg", "echo"},
                new PrintWriter(out),
                new PrintWriter(err),
                Map.of(),
                input);
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("echo in the foreground").endsWith("Exiting foreground\n");
        assertThat(Run.ctl(d, "status", "echo").out()).contains("RUNNING");
        Run noPipe = Run.ctl(d, "fg", "talker");
        assertThat(noPipe.err()).isEqualTo("ERROR: FAILED: talker: has no stdin pipe (stdin = pipe)\n");
        assertThat(noPipe.code()).isEqualTo(Exit.FAILED);
    }

    @Test
    @Order(6)
    void helpKnowsTheOutputCommands() {
        String help = Run.ctl(d, "help").out();
        assertThat(help)
                .contains(
                        "tail [-f] [-BYTES] <name> [stdout|stderr]",
                        "maintail [-f] [-BYTES]",
                        "fg <name>",
                        "clear <name|group:*|all>...",
                        "rotate <name|group:*|all>...");
        assertThat(Run.ctl(d, "help", "tail").out()).contains("1600 bytes");
    }

    @Test
    void aFollowerStartsTheNewFileFromItsBeginningEvenWhenItOutgrewTheOldOffset() throws Exception {
        Supervisor sup =
                new Supervisor(new JolokiaClient(Target.resolve(d.conf.toString(), null, null, null, Map.of())));
        Supervisor.Proc burst = sup.processes().stream()
                .filter(p -> p.name().equals("burst"))
                .findFirst()
                .orElseThrow();
        Supervisor.Log log = new Supervisor.Log(burst, "stdout");
        sup.sendStdin(burst, "a\n");
        await().atMost(TestDaemon.BOUND).until(() -> sup.tail(log, 100).text().endsWith("burst a 49\n"));
        StringWriter seen = new StringWriter();
        LogFollower follower = new LogFollower(sup, log, new PrintWriter(seen));
        follower.tail(20);
        long reached = sup.tail(log, 1).nextOffset();
        assertThat(Run.ctl(d, "rotate", "burst").out()).isEqualTo("burst: rotated\n");
        String word = "a-much-longer-word-than-before";
        sup.sendStdin(burst, word + "\n");
        await().atMost(TestDaemon.BOUND).until(() -> sup.tail(log, 100).text().endsWith("burst " + word + " 49\n"));
        assertThat(sup.tail(log, 1).size())
                .as("the new file outgrew the old offset")
                .isGreaterThan(reached);
        while (follower.poll()) {
            // until caught up
        }
        assertThat(seen.toString())
                .contains("burst a 49\nburst " + word + " 0\n")
                .endsWith("burst " + word + " 49\n");
    }
}
