package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.RealSupervisord;
import taskmaster.testing.TestDaemon;

/**
 * taskmasterctl against taskmasterd prints what the real supervisorctl prints against the real
 * supervisord, and exits with the same codes, for one sequence of commands on the same programs:
 * status of running, stopped, exited and fatal processes, start, stop and restart by name, by
 * group:* and all, unknown names, signal, pid, reread, avail, add and remove after the files
 * changed, and update. Both transcripts are compared whole after {@link #normalize} (pids,
 * uptimes, times: what differs between any two runs).
 *
 * <p>Needs Debian's {@code supervisor} package ({@code /usr/bin/supervisord}, {@code /usr/bin/supervisorctl});
 * fails, never skips, without it.
 */
class SupervisorctlParityTest {

    /**
     * In name order with one priority: supervisord's order is then the same as the daemon's.
     *
     * <p>once lives one second, not zero: supervisord reaps right after it spawns, and a child that
     * has already exited by then ({@code true} sometimes has) makes its start answer "abnormal
     * termination" instead of "started". The transcript waits for once to have exited wherever it
     * was just started, so what follows sees it EXITED on both sides.
     */
    static final String PROGRAMS = """
        [program:api]
        command = sleep 100001
        startsecs = 0
        [program:broken]
        command = sh -c "exit 3"
        autostart = false
        startsecs = 1
        startretries = 0
        [program:manual]
        command = sleep 100003
        autostart = false
        startsecs = 0
        [program:once]
        command = sleep 1
        startsecs = 0
        autorestart = false
        [program:web]
        command = sleep 100002
        startsecs = 0
        numprocs = 2
        process_name = web_%(process_num)02d
        [program:w1]
        command = sleep 100004
        autostart = false
        startsecs = 0
        [program:w2]
        command = sleep 100005
        autostart = false
        startsecs = 0
        [group:workers]
        programs = w1,w2
        """;

    /** api's command changed, extra new. */
    static final String EDITED = PROGRAMS.replace("sleep 100001", "sleep 100011") + """
        [program:extra]
        command = sleep 100006
        startsecs = 0
        """;

    /** Then manual gone and web changed. */
    static final String EDITED_AGAIN = EDITED.replace("""
        [program:manual]
        command = sleep 100003
        autostart = false
        startsecs = 0
        """, "").replace("sleep 100002", "sleep 100012");

    record Out(int code, String text) {}

    /** One side: a way to run a command, and to change the programs in the files. */
    interface Side {
        Out run(String... args) throws Exception;

        void programs(String programs) throws IOException;
    }

    @Test
    void taskmasterctlPrintsWhatSupervisorctlPrints(@TempDir Path svDir, @TempDir Path tmDir) throws Exception {
        RealSupervisord.requireInstalled(RealSupervisord.SUPERVISORD);
        RealSupervisord.requireInstalled(RealSupervisord.SUPERVISORCTL);
        Path svConf = svDir.resolve("supervisord.conf");
        Files.writeString(svConf, svHeader() + PROGRAMS);
        try (RealSupervisord supervisord = RealSupervisord.start(svConf);
                TestDaemon d = TestDaemon.in(tmDir).programs(PROGRAMS).start().awaitUrl()) {
            Side sv = new Side() {
                @Override
                public Out run(String... args) throws Exception {
                    RealSupervisord.Run r = supervisord.ctl(args);
                    return new Out(r.rc(), r.out());
                }

                @Override
                public void programs(String programs) throws IOException {
                    Files.writeString(svConf, svHeader() + programs);
                }
            };
            Side tm = new Side() {
                @Override
                public Out run(String... args) {
                    Run r = Run.ctl(d, args);
                    return new Out(r.code(), r.out() + r.err());
                }

                @Override
                public void programs(String programs) throws IOException {
                    d.writePrograms(programs);
                }
            };
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> sv.run("status").text().contains("api "));
            String expected = transcript(sv, supervisord.process());
            String actual = transcript(tm, d.process);
            // both kept for a diff when they differ
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve("parity-supervisorctl.txt"), expected);
                Files.writeString(target.resolve("parity-taskmasterctl.txt"), actual);
            }
            assertThat(actual).isEqualTo(expected);
        }
    }

    /** The sequence, run on one side; each command's normalized output and exit code. */
    private static String transcript(Side side, Process daemon) throws Exception {
        StringBuilder b = new StringBuilder();
        settle(side, daemon);
        for (String[] c : List.of(
                args("status"),
                args("status", "api"),
                args("status", "web:*"),
                args("status", "nope"),
                args("status", "nope:*"),
                args("status", "nope", "api"),
                args("status", "manual"),
                args("start", "manual"),
                args("start", "manual"),
                args("start", "nope"),
                args("start", "nope:*"),
                args("start", "broken"),
                args("status", "broken"),
                args("stop", "manual"),
                args("stop", "manual"),
                args("stop", "nope"),
                args("stop", "nope:*"),
                args("restart", "web:*"),
                args("restart", "api"),
                args("restart", "manual"),
                args("stop", "manual"),
                args("signal", "CONT", "api"),
                args("signal", "CONT", "web:*"),
                args("signal", "CONT", "manual"),
                args("signal", "NOPE", "api"),
                args("signal", "CONT", "nope"),
                args("pid"),
                args("pid", "api"),
                args("pid", "manual"),
                args("pid", "nope"),
                args("start", "workers:*"),
                args("status", "workers:*"),
                args("stop", "workers:*"),
                args("stop", "workers:*"),
                args("stop", "all"),
                args("start", "all"),
                args("restart", "all"),
                args("pid", "all"),
                args("tail", "api"),
                args("tail", "nope"),
                args("clear", "api"),
                args("clear", "nope"))) {
            b.append(step(side, daemon, c));
            if ((c[0].equals("start") || c[0].equals("restart")) && c[c.length - 1].equals("all")) {
                awaitOnceExited(side, daemon);
            }
        }
        settle(side, daemon);
        b.append(step(side, daemon, args("status")));
        b.append(step(side, daemon, args("avail")));
        b.append(step(side, daemon, args("reread")));
        b.append(step(side, daemon, args("update")));

        side.programs(EDITED);
        for (String[] c : List.of(
                args("reread"),
                args("add", "extra"),
                args("add", "extra"),
                args("add", "nope"),
                args("remove", "api"),
                args("stop", "api"),
                args("remove", "api"),
                args("remove", "nope"),
                args("avail"),
                args("add", "api"))) {
            b.append(step(side, daemon, c));
        }
        side.programs(EDITED_AGAIN);
        b.append(step(side, daemon, args("reread")));
        b.append(step(side, daemon, args("update", "nope")));
        b.append(step(side, daemon, args("update", "web")));
        b.append(step(side, daemon, args("update")));
        settle(side, daemon);
        b.append(step(side, daemon, args("status")));
        b.append(step(side, daemon, args("update")));
        b.append(step(side, daemon, args("shutdown")));
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS))
                .as("the daemon exits after shutdown")
                .isTrue();
        return b.toString();
    }

    private static String step(Side side, Process daemon, String[] args) throws Exception {
        Out o = side.run(args);
        String text = normalize(o.text());
        if (args[0].equals("avail") || List.of(args).stream().anyMatch(a -> a.equals("all") || a.endsWith(":*"))) {
            text = unordered(text);
        }
        return "$ " + String.join(" ", args) + "\n" + text + "[exit " + o.code() + "]\n";
    }

    private static final Pattern START_PHASE =
            Pattern.compile(": (started|ERROR \\((already started|spawn error|abnormal termination)\\))$");

    /**
     * The lines of one command in a fixed order, the stops before the starts (restart prints both).
     * supervisord answers an operation on a group or on everything in the order its processes
     * finished, which changes from run to run (a stop of all printed web_00, api, web_01 once), and
     * lists avail in the order of its internal tables; taskmasterctl prints priority then name
     * order. Which lines, and how many, is still compared.
     */
    static String unordered(String text) {
        return text.lines()
                .sorted(Comparator.comparing(
                                (String l) -> START_PHASE.matcher(l).find())
                        .thenComparing(Comparator.naturalOrder()))
                .map(l -> l + "\n")
                .collect(Collectors.joining());
    }

    private static final Pattern PID = Pattern.compile("pid \\d+");
    private static final Pattern UPTIME = Pattern.compile("uptime \\d+:\\d\\d:\\d\\d");
    /** supervisord's time of an exit, "Dec 01 12:18 PM": the minute can change between the two runs. */
    private static final Pattern WHEN = Pattern.compile("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M");

    private static final Pattern BARE_PID = Pattern.compile("(?m)^[1-9]\\d*$");
    /** taskmasterd's description of an exit adds its status: "Dec 01 12:18 PM, exit status 0". */
    private static final Pattern EXIT_STATUS = Pattern.compile("WHEN, exit status \\d+");
    /** taskmasterd's FATAL says the exit status where supervisord's points to the log. */
    private static final Pattern TOO_QUICK = Pattern.compile("Exited too quickly \\([^)]*\\)");

    /**
     * What differs between any two runs, even of one program: pids (a bare pid line, as {@code pid}
     * prints them, included), uptimes, the time of an exit. And one difference of words that is
     * the daemon's, not taskmasterctl's: the description of an EXITED or FATAL process, which
     * taskmasterctl prints as the daemon gives it (the Processes attribute's description), where
     * taskmasterd tells the exit status and supervisord does not. Nothing else is touched.
     */
    static String normalize(String text) {
        String t = text.replace("\r\n", "\n");
        t = PID.matcher(t).replaceAll("pid PID");
        t = UPTIME.matcher(t).replaceAll("uptime UPTIME");
        t = WHEN.matcher(t).replaceAll("WHEN");
        t = BARE_PID.matcher(t).replaceAll("PID");
        t = EXIT_STATUS.matcher(t).replaceAll("WHEN");
        t = TOO_QUICK.matcher(t).replaceAll("Exited too quickly (DETAIL)");
        return t.isEmpty() || t.endsWith("\n") ? t : t + "\n";
    }

    private static final Pattern ONCE_EXITED = Pattern.compile("(?m)^once +EXITED ");

    /**
     * Waits until no process is on its way anywhere (STARTING, STOPPING, BACKOFF) and once has
     * exited, on one side.
     */
    private static void settle(Side side, Process daemon) {
        await().atMost(TestDaemon.BOUND).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(daemon.isAlive()).as("the daemon is alive").isTrue();
            String s = side.run("status").text();
            return s.contains("api ")
                    && !s.matches("(?s).*(STARTING|STOPPING|BACKOFF).*")
                    && ONCE_EXITED.matcher(s).find();
        });
    }

    /** Waits until once, just started, has exited again: not part of the transcript. */
    private static void awaitOnceExited(Side side, Process daemon) {
        await().atMost(TestDaemon.BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(daemon.isAlive()).as("the daemon is alive").isTrue();
            return ONCE_EXITED.matcher(side.run("status", "once").text()).find();
        });
    }

    private static String[] args(String... a) {
        return a;
    }

    private static String svHeader() {
        return """
            [unix_http_server]
            file = %(here)s/supervisor.sock
            [supervisord]
            logfile = %(here)s/supervisord.log
            pidfile = %(here)s/supervisord.pid
            childlogdir = %(here)s
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            [supervisorctl]
            serverurl = unix://%(here)s/supervisor.sock
            """;
    }
}
