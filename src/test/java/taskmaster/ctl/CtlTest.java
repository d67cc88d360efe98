package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jolokia.json.parser.JSONParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/** Every command, one-shot and at the prompt, against a real daemon with real children. */
@SuppressWarnings("unchecked")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CtlTest {

    static final String PROGRAMS = """
        [one]
        cmd = sleep 100000
        starttime = 0
        [pool]
        cmd = sleep 100000
        numprocs = 2
        process_name = pool_%(process_num)s
        starttime = 0
        [broken]
        cmd = /nonexistent/command
        autostart = false
        startretries = 0
        starttime = 0
        [manual]
        cmd = sleep 100000
        autostart = false
        starttime = 0
        """;

    TestDaemon d;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl();
        await().atMost(TestDaemon.BOUND)
                .until(() -> Run.ctl(d, "status", "one", "pool").code() == Exit.OK);
    }

    @AfterAll
    void stop() throws Exception {
        d.close();
        assertThat(d.children()).isEmpty();
    }

    @Test
    @Order(1)
    void statusListsEveryProcessAndExits3ForStoppedOnes() throws Exception {
        Run all = Run.ctl(d, "status");
        assertThat(all.out().lines().toList()).hasSize(5);
        assertThat(all.out())
                .containsPattern("(?m)^one {30}RUNNING   pid \\d+, uptime \\d+:\\d\\d:\\d\\d$")
                .containsPattern("(?m)^manual {27}STOPPED   Not started$");
        assertThat(all.code()).isEqualTo(Exit.NOT_RUNNING);
        assertThat(Run.ctl(d, "status", "pool:*").out().lines()).hasSize(2);
        Run bad = Run.ctl(d, "status", "one", "nope");
        // supervisorctl prints a name's error as it meets it, before the table
        assertThat(bad.out()).startsWith("nope: ERROR (no such process)\none ");
        assertThat(bad.code()).isEqualTo(Exit.BAD_NAME);
        Run json = Run.ctl(d, "status", "--json", "one");
        List<?> rows = (List<?>) new JSONParser().parse(json.out());
        assertThat((Map<Object, Object>) rows.getFirst())
                .containsEntry("name", "one")
                .containsEntry("state", "RUNNING")
                .containsKeys("pid", "startTime", "restarts", "wanted");
    }

    @Test
    @Order(2)
    void startStopRestartSayWhatHappenedToEachProcess() {
        Run started = Run.ctl(d, "start", "manual", "one");
        assertThat(started.out()).contains("manual: started\n").contains("one: ERROR (already started)\n");
        assertThat(started.code()).isZero();
        Run stopped = Run.ctl(d, "stop", "manual");
        assertThat(stopped.out()).isEqualTo("manual: stopped\n");
        Run again = Run.ctl(d, "stop", "manual");
        assertThat(again.out()).isEqualTo("manual: ERROR (not running)\n");
        assertThat(again.code()).isZero();
        Run spawn = Run.ctl(d, "start", "broken");
        assertThat(spawn.out()).isEqualTo("broken: ERROR (spawn error)\n");
        assertThat(spawn.code()).isEqualTo(Exit.PROGRAM_NOT_RUNNING);
        Run unknown = Run.ctl(d, "start", "nope");
        assertThat(unknown.out()).isEqualTo("nope: ERROR (no such process)\n");
        assertThat(unknown.code()).isEqualTo(Exit.FAILED);
        String before = Run.ctl(d, "pid", "pool_0").out();
        Run restarted = Run.ctl(d, "restart", "pool:*");
        assertThat(restarted.out())
                .isEqualTo("pool:pool_0: stopped\npool:pool_1: stopped\npool:pool_0: started\npool:pool_1: started\n");
        assertThat(Run.ctl(d, "pid", "pool_0").out()).isNotEqualTo(before);
        assertThat(Run.ctl(d, "start").code()).isEqualTo(Exit.USAGE);
    }

    @Test
    @Order(3)
    void signalAndPid() {
        Run sig = Run.ctl(d, "signal", "CONT", "pool");
        assertThat(sig.out()).isEqualTo("pool:pool_0: signalled\npool:pool_1: signalled\n");
        assertThat(sig.code()).isZero();
        assertThat(Run.ctl(d, "signal", "SIGCONT", "manual").code()).isEqualTo(Exit.PROGRAM_NOT_RUNNING);
        assertThat(Run.ctl(d, "signal", "NOPE", "one").code()).isEqualTo(Exit.FAILED);
        assertThat(Run.ctl(d, "pid").out().strip()).isEqualTo(Long.toString(d.process.pid()));
        assertThat(Run.ctl(d, "pid", "one").out().strip()).matches("[1-9]\\d*");
        Run stopped = Run.ctl(d, "pid", "manual");
        assertThat(stopped.out()).isEqualTo("0\n");
        assertThat(stopped.code()).isEqualTo(Exit.PROGRAM_NOT_RUNNING);
    }

    @Test
    @Order(4)
    void versionAndAvail() {
        assertThat(Run.ctl(d, "version").out().strip()).isNotEmpty().doesNotContain("ERROR");
        Run avail = Run.ctl(d, "avail");
        assertThat(avail.out())
                .containsPattern("(?m)^one +in use +auto +\\d+:\\d+$")
                .containsPattern("(?m)^manual +in use +manual +\\d+:\\d+$")
                .containsPattern("(?m)^pool:pool_0 +in use +auto +\\d+:\\d+$");
        Run list = Run.ctl(d, "list");
        assertThat(list.out())
                .contains("pool                             RUNNING   2/2 running\n")
                .contains("manual                           STOPPED   0/1 running\n");
        assertThat(list.out().lines()).hasSize(4);
        assertThat(list.code()).isZero();
    }

    @Test
    @Order(5)
    void eventsStreamsStateChangesAndStopsAfterCount() throws Exception {
        CompletableFuture<Run> events = CompletableFuture.supplyAsync(() -> Run.ctl(d, "events", "--count", "4"));
        // restart until the listener is in place and has seen four changes
        await().atMost(TestDaemon.BOUND).pollInterval(Duration.ofMillis(300)).until(() -> {
            Run.ctl(d, "restart", "one");
            return events.isDone();
        });
        Run r = events.get();
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList())
                .hasSize(4)
                .allSatisfy(l -> assertThat(l)
                        .matches(
                                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3} one [A-Z]+ -> [A-Z]+( pid \\d+)?"));
        assertThat(r.out()).contains("one STARTING -> RUNNING pid ");
    }

    @Test
    @Order(6)
    void rereadUpdateAndReloadApplyTheFiles() throws Exception {
        assertThat(Run.ctl(d, "reread").out()).isEqualTo("No config updates to processes\n");
        d.writePrograms(PROGRAMS + "[extra]\ncmd = sleep 100000\nstarttime = 0\n");
        assertThat(Run.ctl(d, "reread").out()).isEqualTo("extra: available\n");
        assertThat(Run.ctl(d, "avail").out()).containsPattern("(?m)^extra +avail +auto +999:999$");
        Run nope = Run.ctl(d, "update", "nope");
        assertThat(nope.out()).isEqualTo("ERROR: no such group: nope\n");
        assertThat(nope.code()).isEqualTo(Exit.FAILED);
        Run update = Run.ctl(d, "update", "extra");
        assertThat(update.out()).isEqualTo("extra: added process group\n");
        assertThat(update.code()).isZero();
        await().atMost(TestDaemon.BOUND)
                .until(() -> Run.ctl(d, "status", "extra").code() == Exit.OK);
        // supervisorctl's update says nothing when nothing changed
        assertThat(Run.ctl(d, "update").out()).isEmpty();
        // extra leaves the files and one changes: update one applies one only
        d.writePrograms(PROGRAMS.replaceFirst("cmd = sleep 100000", "cmd = sleep 100001"));
        Run partial = Run.ctl(d, "update", "one");
        assertThat(partial.out()).isEqualTo("one: stopped\none: updated process group\n");
        assertThat(Run.ctl(d, "status", "extra").code()).isEqualTo(Exit.OK);
        d.writePrograms(PROGRAMS);
        Run reload = Run.ctl(d, "reload");
        assertThat(reload.out())
                .isEqualTo("extra: stopped\nextra: removed process group\none: stopped\none: updated process group\n");
        assertThat(Run.ctl(d, "status", "extra").code()).isEqualTo(Exit.BAD_NAME);
        d.writePrograms(PROGRAMS + "[bad]\ncmd =\n");
        Run broken = Run.ctl(d, "reread");
        assertThat(broken.out()).startsWith("ERROR: CANT_REREAD: ");
        assertThat(broken.code()).isEqualTo(Exit.FAILED);
        assertThat(Run.ctl(d, "update").code()).isEqualTo(Exit.FAILED);
        d.writePrograms(PROGRAMS);
    }

    @Test
    @Order(7)
    void theConsoleRunsCommandsCompletesNamesAndKeepsHistory(@TempDir Path home) throws Exception {
        Path history = home.resolve(".taskmaster_history");
        // shutdown comes last: what follows it, typed ahead, is dropped, and the end of the input says no
        String script = "help\nstatus one\nstart one\nhelp stop\nbogus\nshutdown\ny\n";
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Supervisor sup =
                new Supervisor(new JolokiaClient(Target.resolve(d.conf.toString(), null, null, null, Map.of())));
        try (Terminal t = new DumbTerminal(
                "test",
                Terminal.TYPE_DUMB,
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                screen,
                StandardCharsets.UTF_8)) {
            assertThat(new Console(t, history, new Commands(), sup).run()).isZero();
        }
        String out = screen.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains(Console.PROMPT)
                .contains("commands:")
                .contains("quit, exit, Ctrl-D")
                .containsPattern("one {30}RUNNING   pid \\d+")
                .contains("one: ERROR (already started)")
                .contains("stop [--with-dependents] <name|group:*|all>...")
                .contains("Really shut the remote taskmasterd process down y/N?")
                .contains("*** Unknown syntax: bogus");
        assertThat(d.process.isAlive()).isTrue();
        assertThat(Files.readAllLines(history)).anyMatch(l -> l.endsWith("status one"));

        NameCompleter completer = new NameCompleter(new Commands(), sup);
        assertThat(completer.suggestions(Command.Args.NAMES, 1)).contains("one", "pool", "pool_0", "pool:*", "all");
        assertThat(completer.suggestions(Command.Args.SIGNAL_THEN_NAMES, 1)).contains("HUP", "TERM", "USR1");
        assertThat(completer.suggestions(Command.Args.NAME_THEN_CHANNEL, 2)).containsExactly("stdout", "stderr");
        assertThat(completer.suggestions(Command.Args.COMMANDS, 1)).contains("status", "events", "shutdown");
    }

    @Test
    @Order(8)
    void wrongCredentialsAndAWrongAddressAreUnreachable() throws Exception {
        Run wrong = Run.of(Map.of(), "-s", d.url.replace("/jolokia", "/nope"), "status");
        assertThat(wrong.code()).isEqualTo(Exit.UNREACHABLE);
        assertThat(wrong.err()).contains("from -s");
    }

    @Test
    @Order(9)
    void shutdownStopsTheDaemonAndThenItIsUnreachable() throws Exception {
        Run r = Run.ctl(d, "shutdown");
        assertThat(r.out()).isEqualTo("Shut down\n");
        await().atMost(TestDaemon.BOUND).until(() -> !d.process.isAlive());
        assertThat(d.children()).isEmpty();
        Run after = Run.ctl(d, "status");
        assertThat(after.code()).isEqualTo(Exit.UNREACHABLE);
        assertThat(after.err()).contains("tm.pid.url").contains("bin/taskmasterd -c");
    }
}
