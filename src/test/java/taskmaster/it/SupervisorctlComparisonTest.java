package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static taskmaster.testing.RealSupervisord.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.Procs;
import taskmaster.testing.RealSupervisord;
import taskmaster.testing.RealSupervisord.Run;
import taskmaster.testing.SupervisorPython;

/**
 * The real supervisorctl (Debian's {@code supervisor} package) against a real supervisord and
 * against taskmasterd, on the same configuration file, through the same commands: what it prints
 * and its exit codes must be the same, apart from what differs between any two runs (pids, times,
 * uptimes, the folder). Each such normalization is written out in {@link #normalize} with its
 * reason; nothing else may differ.
 *
 * <p>Both daemons read one file: supervisord ignores the {@code [taskmasterd]} section (it reads
 * only the sections it knows), which gives taskmasterd its {@code jolokia_port = 0}.
 */
class SupervisorctlComparisonTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private final String tag = UUID.randomUUID().toString();
    private final List<Process> daemons = new ArrayList<>();
    private final List<RealSupervisord> supervisords = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (RealSupervisord s : supervisords) {
            s.close();
        }
        for (Process p : daemons) {
            Procs.stop(p);
        }
        Procs.killAll("TM_TEST_TAG", tag);
    }

    /** One file both daemons take; every path in the daemon's own folder. */
    static String config(String tag) {
        return """
            [unix_http_server]
            file = %(here)s/run.sock

            [supervisord]
            logfile = %(here)s/main.log
            pidfile = %(here)s/daemon.pid
            childlogdir = %(here)s
            nodaemon = true
            environment = TM_TEST_TAG="@TAG@"

            [taskmasterd]
            jolokia_port = 0

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl = unix://%(here)s/run.sock

            [program:web]
            command = sleep 100000
            startsecs = 1
            stdout_logfile = %(here)s/web.out
            stderr_logfile = %(here)s/web.err

            [program:talk]
            command = sh -c 'i=0; while [ $i -lt 5 ]; do echo line $i; i=$((i+1)); done; echo oops >&2; exec sleep 100000'
            startsecs = 0
            stdout_logfile = %(here)s/talk.out
            stderr_logfile = %(here)s/talk.err

            [program:crash]
            command = sh -c 'exit 3'
            startsecs = 1
            startretries = 0
            autostart = false
            stdout_logfile = %(here)s/crash.out
            stderr_logfile = %(here)s/crash.err

            [program:worker]
            command = sleep 100000
            process_name = %(program_name)s_%(process_num)02d
            numprocs = 2
            startsecs = 0
            autostart = false
            stdout_logfile = %(here)s/%(program_name)s_%(process_num)02d.out
            stderr_logfile = %(here)s/%(program_name)s_%(process_num)02d.err

            [program:a]
            command = sleep 100000
            startsecs = 0
            stdout_logfile = %(here)s/a.out
            stderr_logfile = %(here)s/a.err

            [program:b]
            command = sleep 100000
            startsecs = 0
            stdout_logfile = %(here)s/b.out
            stderr_logfile = %(here)s/b.err

            [group:g]
            programs = a,b
            """.replace("@TAG@", tag);
    }

    /** The edit before the second reread: web changed, crash gone, extra new. */
    static String edited(String conf) {
        String s = conf.replace("[program:web]\ncommand = sleep 100000", "[program:web]\ncommand = sleep 200000");
        int from = s.indexOf("[program:crash]");
        int to = s.indexOf("[program:worker]");
        return s.substring(0, from) + s.substring(to) + """

            [program:extra]
            command = sleep 100000
            startsecs = 0
            stdout_logfile = %(here)s/extra.out
            stderr_logfile = %(here)s/extra.err
            """;
    }

    /** The commands, in order; {@code EDIT}, {@code TAILF} and {@code DOWN} are the test's own steps. */
    static final List<String> SEQUENCE = List.of(
            "status",
            "start web",
            "start g:*",
            "start all",
            "status",
            "stop worker:*",
            "start worker:worker_00",
            "stop worker:worker_00",
            "stop worker:worker_00",
            "status web g:a",
            "status nope g:a",
            "stop nope",
            "start nope",
            "start crash",
            "status crash",
            "restart web",
            "restart g:*",
            "signal CONT web",
            "signal FOO web",
            "signal HUP nope",
            "signal CONT all",
            "signal CONT g:*",
            "signal HUP worker:worker_01",
            "tail talk",
            "tail talk stderr",
            "tail -5 talk",
            "tail nope",
            "TAILF talk",
            "maintail -100",
            "MAINTAILF",
            "clear talk",
            "clear nope",
            "tail talk",
            "pid",
            "pid web",
            "pid nope",
            "pid all",
            "avail",
            "reread",
            "EDIT",
            "reread",
            "avail",
            "update",
            "update",
            "status",
            "remove g",
            "stop g:*",
            "remove g",
            "add g",
            "add g",
            "add nope",
            "remove nope",
            "status",
            "restart all",
            "status",
            "stop all",
            "stop all",
            "clear all",
            "status g:*",
            "status nope",
            "shutdown",
            "DOWN",
            "status");

    @Test
    void supervisorctlPrintsTheSameAgainstSupervisordAndTaskmasterd() throws Exception {
        String supervisord = transcript(root.resolve("sv"), this::startSupervisord);
        String taskmasterd = transcript(root.resolve("tm"), this::startTaskmasterd);
        // kept for a reader of the build: what was compared
        Files.writeString(Path.of("target", "supervisorctl-comparison.txt"), supervisord);
        // the sequence did what it says on the reference daemon, so that equal is not "both failed"
        assertThat(supervisord)
                .contains("== start all\ncrash: ERROR (spawn error)\nworker:worker_00: started\n")
                .contains("== restart web\nweb: stopped\nweb: started\nrc=0")
                .contains("== signal FOO web\nweb: ERROR (bad signal name)\nrc=1")
                .contains("== TAILF talk\n==> Press Ctrl-C to exit <==\nline 0\n")
                .contains("== MAINTAILF\n==> Press Ctrl-C to exit <==\n<main log>\nrc=0")
                .contains("crash: disappeared\nextra: available\nweb: changed\n")
                .contains("web: updated process group\n")
                .contains("ERROR: process/group still running: g\nrc=1")
                .contains("g: removed process group\n")
                .contains("g: added process group\n")
                .contains("== shutdown\nShut down\nrc=0")
                .contains("unix://<DIR>/run.sock no such file\nrc=4");
        assertThat(taskmasterd).isEqualTo(supervisord);
    }

    interface Starter {
        Process start(Path conf) throws IOException;
    }

    Process startSupervisord(Path conf) throws IOException {
        RealSupervisord s = RealSupervisord.start(conf);
        supervisords.add(s);
        return s.process();
    }

    Process startTaskmasterd(Path conf) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(DaemonConfig.javaMain(List.of(), List.of("-n", "-c", conf.toString())));
        pb.environment().put("_JAVA_SR_SIGNUM", "39"); // as bin/taskmasterd sets it
        return pb.redirectErrorStream(true)
                .redirectOutput(conf.resolveSibling("console.out").toFile())
                .start();
    }

    /** Runs the sequence on one daemon in {@code dir}; the normalized transcript. */
    private String transcript(Path dir, Starter starter) throws Exception {
        Path conf = started(dir, starter);
        Process daemon = daemons.getLast();
        StringBuilder t = new StringBuilder();
        for (String step : SEQUENCE) {
            switch (step) {
                case "EDIT" -> {
                    Files.writeString(conf, edited(Files.readString(conf)));
                    continue;
                }
                case "DOWN" -> {
                    assertThat(daemon.waitFor(90, TimeUnit.SECONDS))
                            .as("the daemon exits after shutdown")
                            .isTrue();
                    t.append("== (daemon exited ").append(daemon.exitValue()).append(")\n");
                    continue;
                }
                default -> {}
            }
            Run r;
            if (step.startsWith("TAILF ")) {
                r = tailFollow(conf, "line 4\n", "tail", "-f", step.substring(6));
            } else if (step.equals("MAINTAILF")) {
                // a line of the event log after the banner: its text is each daemon's own (see normalize)
                r = tailFollow(conf, "\n", "maintail", "-f");
            } else if (step.startsWith("status") && !step.contains("nope") && daemon.isAlive()) {
                r = settled(conf, step);
            } else {
                r = ctl(conf, step.split(" "));
            }
            t.append("== ")
                    .append(step)
                    .append('\n')
                    .append(normalize(step, r.out(), dir))
                    .append("rc=")
                    .append(r.rc())
                    .append('\n');
        }
        return t.toString();
    }

    /** Starts a daemon on the shared configuration in {@code dir}, serving once this returns. */
    private Path started(Path dir, Starter starter) throws Exception {
        RealSupervisord.requireInstalled(RealSupervisord.SUPERVISORCTL);
        Files.createDirectories(dir);
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, config(tag));
        Process daemon = starter.start(conf);
        daemons.add(daemon);
        RealSupervisord.awaitServing(daemon, conf);
        settled(conf, "status");
        return conf;
    }

    /**
     * A client on Python's own {@code xmlrpc.client} (not supervisor's), over the unix socket:
     * every field of getAllProcessInfo, with its Python type, one per line.
     */
    static final String PYTHON_CLIENT = """
        import http.client, socket, sys, xmlrpc.client
        class UnixConnection(http.client.HTTPConnection):
            def __init__(self, path):
                super().__init__('localhost')
                self.socket_path = path
            def connect(self):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.socket_path)
                self.sock = s
        class UnixTransport(xmlrpc.client.Transport):
            def __init__(self, path):
                super().__init__()
                self.socket_path = path
            def make_connection(self, host):
                return UnixConnection(self.socket_path)
        proxy = xmlrpc.client.ServerProxy('http://localhost/RPC2', transport=UnixTransport(sys.argv[1]))
        for info in proxy.supervisor.getAllProcessInfo():
            for key in sorted(info):
                value = info[key]
                print('%s:%s\t%s\t%s\t%s' % (info['group'], info['name'], key, type(value).__name__, value))
        one = proxy.supervisor.getProcessInfo('g:a')
        print('g:a one\t' + ' '.join(sorted(one)))
        print('state\t%r' % (proxy.supervisor.getState(),))
        """;

    @Test
    void pythonsXmlrpcClientReadsEveryFieldOfGetAllProcessInfo() throws Exception {
        String supervisord = allProcessInfo(root.resolve("sv"), this::startSupervisord);
        String taskmasterd = allProcessInfo(root.resolve("tm"), this::startTaskmasterd);
        assertThat(taskmasterd)
                .contains("g:a\tpid\tint\t<PID>")
                .contains("web:web\tdescription\tstr\tpid <PID>, uptime");
        assertThat(taskmasterd).isEqualTo(supervisord);
    }

    private String allProcessInfo(Path dir, Starter starter) throws Exception {
        Path conf = started(dir, starter);
        String out = SupervisorPython.script(
                dir.resolve("client.py"), PYTHON_CLIENT, dir.resolve("run.sock").toString());
        ctl(conf, "shutdown");
        StringBuilder b = new StringBuilder();
        for (String line : out.lines().toList()) {
            String[] f = line.split("\t", -1);
            if (f.length == 4 && List.of("start", "now", "pid").contains(f[1]) && !f[3].equals("0")) {
                // times and pids differ from run to run; 0 (never, none) must stay 0
                f[3] = f[1].equals("pid") ? "<PID>" : "<TIME>";
            }
            b.append(normalize("info", String.join("\t", f), dir)).append('\n');
        }
        return b.toString();
    }

    /**
     * A status once nothing is on its way (STARTING, STOPPING, BACKOFF): when a process reaches
     * RUNNING is timing, not behaviour (supervisord's addProcessGroup answers before the spawn).
     */
    static Run settled(Path conf, String step) throws Exception {
        Run[] last = new Run[1];
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = ctl(conf, step.split(" "));
            return !Pattern.compile("\\s(STARTING|STOPPING|BACKOFF)\\s")
                    .matcher(last[0].out())
                    .find();
        });
        return last[0];
    }

    /** {@code tail -f}, bounded: until the log's last line is out, then Ctrl-C (SIGINT), as a user ends it. */
    static Run tailFollow(Path conf, String awaited, String... args) throws Exception {
        Path out = Files.createTempFile(conf.getParent(), "tailf", ".out");
        List<String> cmd = new ArrayList<>(List.of(RealSupervisord.SUPERVISORCTL.toString(), "-c", conf.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        String banner = "==> Press Ctrl-C to exit <==\n";
        try {
            await().atMost(BOUND).until(() -> {
                String o = Files.readString(out);
                return o.startsWith(banner) && o.substring(banner.length()).contains(awaited);
            });
            // Ctrl-C as a user presses it, once supervisorctl waits in its select loop: a SIGINT
            // that lands while it parses a chunk is caught by asyncore's handle_error instead, which
            // prints "Cannot connect, error: KeyboardInterrupt" (supervisorctl's race, not a daemon's)
            await().atMost(BOUND).until(() -> Procs.waitsInSelect(p.pid()) || !p.isAlive());
            Procs.signal(p.pid(), "INT");
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("tail -f did not end 30 s after SIGINT: " + Procs.signalState(p.pid())
                        + "; its output: " + Files.readString(out));
            }
            return new Run(Files.readString(out), p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    private static final Pattern PID = Pattern.compile("pid \\d+");
    private static final Pattern UPTIME = Pattern.compile("uptime \\d+:\\d\\d:\\d\\d");
    private static final Pattern STOPPED_AT = Pattern.compile("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M");
    private static final Pattern NUMBER_LINE = Pattern.compile("(?m)^[1-9]\\d*$");

    /** What may differ between two runs of the same daemon, and only that. */
    static String normalize(String step, String out, Path dir) {
        // the daemons run in folders of their own
        String s = out.replace(dir.toString(), "<DIR>");
        // pids and times differ from run to run
        s = PID.matcher(s).replaceAll("pid <PID>");
        s = UPTIME.matcher(s).replaceAll("uptime <UPTIME>");
        s = STOPPED_AT.matcher(s).replaceAll("<STOPPED_AT>");
        if (step.startsWith("pid")) {
            // `pid` prints the daemon's or a process's pid alone on a line (0 stays: not running)
            s = NUMBER_LINE.matcher(s).replaceAll("<PID>");
        }
        if (step.startsWith("maintail")) {
            // the main log is each daemon's own event log: its lines are not supervisord's
            s = s.isBlank() ? s : "<main log>\n";
        }
        if (step.equals("MAINTAILF")) {
            // the same for maintail -f, after its banner (and the blank line Ctrl-C leaves)
            String banner = "==> Press Ctrl-C to exit <==\n";
            s = s.startsWith(banner) ? banner + "<main log>\n" : s;
        }
        String[] words = step.split(" ");
        boolean many = step.contains("all") || step.contains(":*");
        if (many && List.of("start", "stop", "restart", "signal", "clear").contains(words[0])) {
            // supervisord lists the results of an "all" or "group:*" call in the order its
            // callbacks completed, which is timing; each line must still be there
            List<String> lines = new ArrayList<>(s.lines().toList());
            lines.sort(null);
            s = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        }
        return s;
    }
}
