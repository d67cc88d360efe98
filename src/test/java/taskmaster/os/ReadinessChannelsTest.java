package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.Checks;
import taskmaster.engine.Notice;
import taskmaster.engine.SpawnException;
import taskmaster.model.Check;
import taskmaster.model.Readiness;
import taskmaster.model.UserSpec;

/**
 * Real programs and real clients on real sockets and pipes: Python's socket module as programs
 * write it, Debian's {@code systemd-notify}, a pipe on fd N.
 */
class ReadinessChannelsTest extends LauncherTestBase {
    static final String PYTHON = "/usr/bin/python3";
    static final String SYSTEMD_NOTIFY = "/usr/bin/systemd-notify";
    private static final UserSpec NOBODY = new UserSpec("nobody", 65534, 65534, List.of(), "/nonexistent");
    private static final Readiness NOTIFY = new Readiness(new Check.Notify(), 60, 0);

    /** The usual sd_notify snippet: connect to NOTIFY_SOCKET, send. */
    static String pythonSends(String... messages) {
        StringBuilder b = new StringBuilder("import os, socket, time\n")
                .append("s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n")
                .append("s.connect(os.environ['NOTIFY_SOCKET'])\n");
        for (String m : messages) {
            b.append("s.sendall(").append(m).append(")\n");
        }
        return b.append("time.sleep(100)\n").toString();
    }

    @TempDir
    Path runDir;

    ReadinessChannels channels;
    final List<Notice> notices = new CopyOnWriteArrayList<>();

    @Override
    PosixSpawnLauncher newLauncher() {
        channels = new ReadinessChannels(runDir);
        return new PosixSpawnLauncher(channels);
    }

    @AfterEach
    void closeChannels() {
        channels.close();
    }

    private Started spawnWatched(SpecBuilder spec) throws SpawnException {
        Started s = spawn(spec.build());
        channels.watch(s.pid(), notices::add);
        return s;
    }

    private static void requireSystemdNotify() {
        assertThat(Path.of(SYSTEMD_NOTIFY))
                .as("Debian's systemd package (systemd-notify) must be installed for this test")
                .isExecutable();
    }

    @Test
    void pythonClientSaysReadyAndStatusInOneMultiLineDatagram() throws Exception {
        Started s = spawnWatched(SpecBuilder.command(PYTHON, "-c", pythonSends("b'READY=1\\nSTATUS=serving 3 clients'"))
                .readiness(NOTIFY));

        await().atMost(BOUND).until(() -> notices.size() == 2);
        assertThat(notices).containsExactly(new Notice.Ready(), new Notice.Status("serving 3 clients"));
        String socket = Proc.environ(s.pid()).stream()
                .filter(e -> e.startsWith("NOTIFY_SOCKET="))
                .findFirst()
                .orElseThrow()
                .substring("NOTIFY_SOCKET=".length());
        assertThat(Path.of(socket)).startsWith(runDir.resolve("notify"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(socket))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir.resolve("notify"))))
                .isEqualTo("rwx--x--x");
    }

    @Test
    void systemdNotifyReadyAndStatusAreHeardAndItsBarrierReturnsAtOnce() throws Exception {
        requireSystemdNotify();
        // systemd-notify waits (5 s, then fails) until the descriptor it sends with BARRIER=1 is
        // closed; the second call reports how the first ended and how long it took.
        long started = System.nanoTime();
        spawnWatched(SpecBuilder.shell(SYSTEMD_NOTIFY + " --ready; rc=$?; " + SYSTEMD_NOTIFY
                        + " --status=\"first exited $rc\"; exec sleep 100")
                .readiness(NOTIFY));

        await().atMost(BOUND).until(() -> notices.size() == 2);
        assertThat(notices).containsExactly(new Notice.Ready(), new Notice.Status("first exited 0"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(4000);
    }

    @Test
    void systemdNotifyAsAnotherUserReachesItsSocketOutsideThePrivateRunFolder() throws Exception {
        requireSystemdNotify();
        org.junit.jupiter.api.Assumptions.assumeTrue(Posix.linux().geteuid() == 0, "needs root to switch users");
        Started s = spawnWatched(SpecBuilder.shell(SYSTEMD_NOTIFY + " --ready --status=nobody; exec sleep 100")
                .user(NOBODY)
                .readiness(NOTIFY));

        await().atMost(BOUND).until(() -> notices.size() == 2);
        assertThat(notices).containsExactly(new Notice.Ready(), new Notice.Status("nobody"));
        // The run folder is 0700: nobody could not enter it, so the socket lives in a private folder in /tmp.
        Path socket = notifySocket(s.pid());
        assertThat(socket.startsWith(runDir)).isFalse();
        assertThat(Files.getAttribute(socket, "unix:uid")).isEqualTo(65534);
        channels.close();
        assertThat(socket.getParent()).doesNotExist();
    }

    @Test
    void aSenderOfAnotherUidOrOutsideTheGroupIsRefusedAndTheSocketStillWorks() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Posix.linux().geteuid() == 0, "needs root to switch users");
        Path go = runDir.resolve("go");
        // The program's own group speaks last: a child of the program, still alive when read.
        Started s = spawnWatched(SpecBuilder.shell("while [ ! -e " + go + " ]; do sleep 0.05; done; " + PYTHON
                        + " -c \"" + SENDER.replace("\"", "\\\"") + "time.sleep(1)\n\" \"$NOTIFY_SOCKET\" STATUS=own;"
                        + " exec sleep 100")
                .readiness(NOTIFY));
        Path socket = notifySocket(s.pid());
        // Open the way, as a careless program might: only the credentials stand in the way now.
        Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(send(
                        socket,
                        "READY=1",
                        false,
                        "/usr/bin/setpriv",
                        "--reuid=nobody",
                        "--regid=nogroup",
                        "--clear-groups"))
                .isZero();
        // A root process outside the program's group, still alive when its datagram is read.
        assertThat(send(socket, "READY=1\nSTATUS=intruder", true)).isZero();
        Files.createFile(go);

        await().atMost(BOUND).until(() -> !notices.isEmpty());
        Thread.sleep(300); // nothing else may come: the refused ones were queued before the accepted one
        assertThat(notices).containsExactly(new Notice.Status("own"));
    }

    @Test
    void oversizedGarbageNulAndForeignMainPidAreIgnoredWithoutBreakingTheSocket() throws Exception {
        Started s = spawnWatched(SpecBuilder.command(
                        PYTHON,
                        "-c",
                        pythonSends(
                                "b'STATUS=' + b'x' * 5000",
                                "b'\\xff\\xfe\\x00garbage'",
                                "b'READY=1\\x00'",
                                "b'no equals sign\\n"
                                        + "READY=0\\n"
                                        + "WATCHDOG=trigger\\n"
                                        + "MAINPID=abc\\n"
                                        + "EXTEND_TIMEOUT_USEC=-5\\n"
                                        + "X=1'",
                                "b'MAINPID=1'",
                                "b'STATUS=still \\xc3\\xa9 fine\\tok\\nMAINPID=' + str(os.getpid()).encode()"
                                        + " + b'\\nEXTEND_TIMEOUT_USEC=3000000\\nWATCHDOG=1\\nSTOPPING=1\\nREADY=1'"))
                .readiness(NOTIFY));

        await().atMost(BOUND).until(() -> notices.contains(new Notice.Ready()));
        assertThat(notices)
                .containsExactly(
                        new Notice.MainPid(s.pid()),
                        new Notice.Status("still é fine ok"),
                        new Notice.ExtendTimeout(3_000_000),
                        new Notice.Watchdog(),
                        new Notice.Stopping(),
                        new Notice.Ready());
    }

    @Test
    void noticesBeforeTheWatchAreKeptAndNoneAfterItsCancel() throws Exception {
        Path done = runDir.resolve("done");
        Started s = spawn(SpecBuilder.command(
                        PYTHON,
                        "-c",
                        "import os, socket, time\n"
                                + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                                + "s.connect(os.environ['NOTIFY_SOCKET'])\n"
                                + "s.sendall(b'READY=1')\n"
                                + "while not os.path.exists('" + runDir.resolve("go") + "'): time.sleep(0.05)\n"
                                + "s.sendall(b'STATUS=after the cancel')\n"
                                + "open('" + done + "', 'w').close()\n"
                                + "time.sleep(100)\n")
                .readiness(NOTIFY)
                .build());
        Thread.sleep(500); // the datagram is read before anyone watches
        Checks.Watch watch = channels.watch(s.pid(), notices::add);
        await().atMost(BOUND).until(() -> notices.size() == 1);
        assertThat(notices).containsExactly(new Notice.Ready());

        watch.cancel();
        Files.createFile(runDir.resolve("go"));
        // The client is not refused (its send succeeded and it went on), and nothing more is delivered.
        await().atMost(BOUND).until(() -> Files.exists(done));
        Thread.sleep(300);
        assertThat(notices).containsExactly(new Notice.Ready());
        assertThat(s.exit()).isNotDone();
    }

    @Test
    void oneReadingThreadServesManyProcessesEachWithItsOwnSocket() throws Exception {
        List<Long> pids = new java.util.ArrayList<>();
        java.util.Map<Long, List<Notice>> heard = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < 20; i++) {
            long pid = spawn(SpecBuilder.command(
                                    PYTHON, "-c", pythonSends("b'READY=1\\nSTATUS=' + str(os.getpid()).encode()"))
                            .name("p" + i)
                            .readiness(NOTIFY)
                            .build())
                    .pid();
            pids.add(pid);
            List<Notice> mine = new CopyOnWriteArrayList<>();
            heard.put(pid, mine);
            channels.watch(pid, mine::add);
        }

        await().atMost(BOUND).until(() -> heard.values().stream().allMatch(l -> l.size() == 2));
        for (long pid : pids) {
            // Each heard its own process only: the socket says which process a datagram is about.
            assertThat(heard.get(pid)).containsExactly(new Notice.Ready(), new Notice.Status(Long.toString(pid)));
        }
        assertThat(pids.stream().map(p -> {
                    try {
                        return notifySocket(p);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .doesNotHaveDuplicates();
        assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals(ReadinessChannels.THREAD_NAME)))
                .hasSize(1);
    }

    @Test
    void whatAProcessSaidBeforeItEndedReachesAWatchThatComesAfterItsEnd() throws Exception {
        Started n = spawn(SpecBuilder.command(
                        PYTHON,
                        "-c",
                        "import os, socket\n"
                                + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                                + "s.connect(os.environ['NOTIFY_SOCKET'])\n"
                                + "s.sendall(b'READY=1\\nSTATUS=bye')\n")
                .readiness(NOTIFY)
                .build());
        Started f = spawn(SpecBuilder.shell("echo >&3")
                .readiness(new Readiness(new Check.Fd(3), 60, 0))
                .build());
        n.awaitExit();
        f.awaitExit();
        await().atMost(BOUND).until(() -> channels.open() == 0); // read to the end and closed

        List<Notice> fromFd = new CopyOnWriteArrayList<>();
        channels.watch(n.pid(), notices::add);
        channels.watch(f.pid(), fromFd::add);
        assertThat(notices).containsExactly(new Notice.Ready(), new Notice.Status("bye"));
        assertThat(fromFd).containsExactly(new Notice.Ready());
    }

    @Test
    void theSocketWinsOverTheProgramsOwnNotifySocketAndTheWatchdogPeriodIsGiven() throws Exception {
        Started s = spawnWatched(SpecBuilder.command("sleep", "100")
                .env("NOTIFY_SOCKET", "/run/systemd/notify")
                .readiness(new Readiness(new Check.Notify(), 60, 7)));
        Proc.awaitExec(s.pid());

        List<String> env = Proc.environ(s.pid());
        assertThat(env.stream().filter(e -> e.startsWith("NOTIFY_SOCKET=")))
                .singleElement()
                .isEqualTo("NOTIFY_SOCKET=" + notifySocket(s.pid()))
                .asString()
                .contains(runDir.toString());
        assertThat(env).contains("WATCHDOG_USEC=7000000");
        Started plain =
                spawn(SpecBuilder.command("sleep", "100").readiness(NOTIFY).build());
        Proc.awaitExec(plain.pid());
        assertThat(Proc.environ(plain.pid())).noneMatch(e -> e.startsWith("WATCHDOG_USEC="));
    }

    @Test
    void aWatcherThatThrowsDoesNotStopTheReadingThread() throws Exception {
        Started bad = spawn(SpecBuilder.command(PYTHON, "-c", pythonSends("b'READY=1'"))
                .readiness(NOTIFY)
                .build());
        List<Notice> thrown = new CopyOnWriteArrayList<>();
        channels.watch(bad.pid(), n -> {
            thrown.add(n);
            throw new IllegalStateException("a broken watcher");
        });
        await().atMost(BOUND).until(() -> !thrown.isEmpty());

        spawnWatched(
                SpecBuilder.command(PYTHON, "-c", pythonSends("b'READY=1'")).readiness(NOTIFY));
        await().atMost(BOUND).until(() -> notices.contains(new Notice.Ready()));
    }

    @Test
    void theSocketIsRemovedWhenTheProcessEnds() throws Exception {
        Started s = spawnWatched(SpecBuilder.shell("sleep 0.3").readiness(NOTIFY));
        Path socket = notifySocket(s.pid());
        assertThat(socket).exists();

        s.awaitExit();
        await().atMost(BOUND).until(() -> channels.open() == 0 && !Files.exists(socket));
    }

    @Test
    void aFailedSpawnLeavesNoSocket() throws Exception {
        SpecBuilder spec = SpecBuilder.command("sleep", "100")
                .workingDir(runDir.resolve("missing"))
                .readiness(NOTIFY);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> spawn(spec.build()))
                .isInstanceOf(SpawnException.class);
        assertThat(channels.open()).isZero();
        try (var files = Files.list(runDir.resolve("notify"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRunFolderTooDeepForSunPathUsesAShortPrivateFolder() throws Exception {
        Path deep = runDir;
        while (deep.toString().length() < 120) {
            deep = deep.resolve("a-rather-long-folder-name");
        }
        Files.createDirectories(deep);
        try (ReadinessChannels deepChannels = new ReadinessChannels(deep);
                PosixSpawnLauncher deepLauncher = new PosixSpawnLauncher(deepChannels)) {
            long pid = deepLauncher.spawn(
                    SpecBuilder.command(PYTHON, "-c", pythonSends("b'READY=1'"))
                            .readiness(NOTIFY)
                            .build(),
                    status -> {});
            started.add(pid);
            deepChannels.watch(pid, notices::add);
            await().atMost(BOUND).until(() -> notices.contains(new Notice.Ready()));
            Path socket = notifySocket(pid);
            assertThat(socket.toString().length()).isLessThan(108);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                    .isEqualTo("rwx--x--x");
            Posix.linux().kill((int) -pid, 9);
            await().atMost(BOUND).until(() -> deepLauncher.running() == 0);
            deepChannels.close();
            assertThat(socket.getParent()).doesNotExist();
        }
    }

    @Test
    void aNewlineOnTheNotificationFdIsReady() throws Exception {
        Path wrote = runDir.resolve("wrote");
        Started s = spawnWatched(SpecBuilder.shell("while [ ! -e " + runDir.resolve("go")
                        + " ]; do sleep 0.05; done; echo >&3; touch " + wrote + "; exec sleep 100")
                .readiness(new Readiness(new Check.Fd(3), 60, 0)));
        Proc.awaitExec(s.pid());
        // The program has exactly 0-2 and the write end of a pipe as 3, and the daemon only the read end.
        assertThat(Proc.fds(s.pid())).containsExactly("0", "1", "2", "3");
        assertThat(Proc.fdTarget(s.pid(), 3)).startsWith("pipe:");
        Thread.sleep(200);
        assertThat(notices).isEmpty();

        Files.createFile(runDir.resolve("go"));
        await().atMost(BOUND).until(() -> notices.size() == 1);
        assertThat(notices).containsExactly(new Notice.Ready());
        await().atMost(BOUND).until(() -> channels.open() == 0); // the read end is closed once ready
    }

    @Test
    void aHighNotificationFdLeavesNoOtherDescriptor() throws Exception {
        Started s = spawnWatched(SpecBuilder.shell("exec sleep 100").readiness(new Readiness(new Check.Fd(7), 60, 0)));
        Proc.awaitExec(s.pid());
        await().atMost(BOUND).until(() -> Proc.comm(s.pid()).equals("sleep"));
        assertThat(Proc.fds(s.pid())).containsExactly("0", "1", "2", "7");
        assertThat(Proc.fdTarget(s.pid(), 7)).startsWith("pipe:");
    }

    @Test
    void endOfFileWithoutANewlineIsNotReady() throws Exception {
        spawnWatched(SpecBuilder.shell("printf notyet >&3; exec 3>&-; exec sleep 100")
                .readiness(new Readiness(new Check.Fd(3), 60, 0)));

        await().atMost(BOUND).until(() -> channels.open() == 0);
        assertThat(notices).isEmpty();
    }

    @Test
    void theReadEndIsClosedWhenTheProcessEndsUnready() throws Exception {
        Started s = spawnWatched(SpecBuilder.shell("sleep 0.2").readiness(new Readiness(new Check.Fd(3), 60, 0)));

        s.awaitExit();
        await().atMost(BOUND).until(() -> channels.open() == 0);
        assertThat(notices).isEmpty();
    }

    private static Path notifySocket(long pid) throws Exception {
        return Path.of(Proc.environ(pid).stream()
                .filter(e -> e.startsWith("NOTIFY_SOCKET="))
                .findFirst()
                .orElseThrow()
                .substring("NOTIFY_SOCKET=".length()));
    }

    /** A Python sender: {@code python3 -c SENDER SOCKET MESSAGE}. */
    private static final String SENDER = "import os, socket, sys, time\n"
            + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "s.connect(sys.argv[1])\n"
            + "s.sendall(sys.argv[2].encode())\n";

    /**
     * Sends {@code message} to {@code socket} from a Python process the test starts, after
     * {@code prefix} (setpriv, to be another user); {@code linger}: alive a second after the send.
     */
    private static int send(Path socket, String message, boolean linger, String... prefix) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(prefix));
        argv.addAll(List.of(PYTHON, "-c", SENDER + (linger ? "time.sleep(1)\n" : ""), socket.toString(), message));
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertThat(p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
