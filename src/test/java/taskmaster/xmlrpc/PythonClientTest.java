package taskmaster.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.RpcServerSettings;
import taskmaster.model.RpcServerSettings.Credentials;
import taskmaster.testing.RealSupervisord;
import taskmaster.testing.SupervisorPython;

/**
 * The transport as supervisord's own clients see it: Python's xmlrpc.client through supervisor's
 * SupervisorTransport over the unix socket, and the real supervisorctl's {@code tail -f} (its own
 * HTTP client, chunked, with an empty Host). Both come from Debian's supervisor package, at
 * {@code /usr/bin}: the python3 on PATH may lack it, and a missing one fails here, never skips.
 */
class PythonClientTest {

    static final Path PYTHON = SupervisorPython.PYTHON;
    static final Path SUPERVISORCTL = RealSupervisord.SUPERVISORCTL;
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final FakeSupervisor fake = new FakeSupervisor();
    private RpcServer server;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void close() {
        processes.forEach(Process::destroyForcibly);
        if (server != null) {
            server.close();
        }
    }

    private Path start(Credentials c) throws RpcServerException {
        Path sock = dir.resolve("sv.sock");
        server = RpcServer.start(
                new RpcServerSettings(new RpcServerSettings.Unix(sock, 0700, null, null, c), null), fake);
        server.open();
        return sock;
    }

    static void requireSupervisorPackage() {
        assertThat(PYTHON)
                .as("Debian's python3 (apt-get install supervisor) is needed by this test")
                .isExecutable();
        assertThat(SUPERVISORCTL)
                .as("Debian's supervisorctl (apt-get install supervisor) is needed by this test")
                .isExecutable();
    }

    /** Runs a Python script with the socket as argv[1]; its output. */
    private String python(String script, Path sock) throws IOException, InterruptedException {
        requireSupervisorPackage();
        return SupervisorPython.script(dir.resolve("client.py"), script, sock.toString());
    }

    private static final String PROXY = """
        import sys, xmlrpc.client, datetime
        from supervisor.xmlrpc import SupervisorTransport
        def proxy(user=None, password=None):
            return xmlrpc.client.ServerProxy(
                'http://127.0.0.1', transport=SupervisorTransport(user, password, 'unix://' + sys.argv[1]))
        """;

    @Test
    void pythonsXmlRpcClientSendsAndReadsEveryType() throws Exception {
        Path sock = start(null);
        String out = python(PROXY + """
            p = proxy()
            sent = ['text ünï ✓', '', 7, -2147483648, True, False, 1.5,
                    xmlrpc.client.Binary(b'\\x00\\xff'), datetime.datetime(2026, 12, 1, 12, 0, 5),
                    [1, ['x']], {'name': 'web', 'pid': 42, 'nested': {'ok': True}}]
            got = p.echo(*sent)
            sent[7] = sent[7].data
            got[7] = got[7].data
            got[8] = datetime.datetime.strptime(got[8].value, '%Y%m%dT%H:%M:%S')
            assert got == sent, (got, sent)
            print('echoed', len(got))
            try:
                p.supervisor.noSuchMethod()
            except xmlrpc.client.Fault as f:
                print('fault', f.faultCode, f.faultString)
            """, sock);
        assertThat(out).contains("echoed 11", "fault 1 UNKNOWN_METHOD");
    }

    @Test
    void supervisorTransportAuthenticatesWithTheConfiguredCredentials() throws Exception {
        Path sock = start(new Credentials("ops", "{SHA}" + BasicAuth.sha1Hex("pw")));
        String out = python(PROXY + """
            print('right', proxy('ops', 'pw').echo(1))
            try:
                proxy('ops', 'nope').echo(1)
            except xmlrpc.client.ProtocolError as e:
                print('wrong', e.errcode)
            try:
                proxy().echo(1)
            except xmlrpc.client.ProtocolError as e:
                print('none', e.errcode)
            """, sock);
        assertThat(out).contains("right [1]", "wrong 401", "none 401");
    }

    private static void awaitOutput(Path out, String text, Process p) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            String got = Files.readString(out);
            if (!p.isAlive() && !got.contains(text)) {
                throw new AssertionError("supervisorctl exited " + p.exitValue() + ":\n" + got);
            }
            return got.contains(text);
        });
    }

    @Test
    void supervisorctlTailFFollowsAProcessLogUntilItIsStopped() throws Exception {
        requireSupervisorPackage();
        fake.appendStdout("first line\n");
        Path sock = start(new Credentials("ops", "pw"));
        Path out = dir.resolve("tail.out");
        Process ctl = new ProcessBuilder(
                        SUPERVISORCTL.toString(), "-s", "unix://" + sock, "-u", "ops", "-p", "pw", "tail", "-f", "web")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        processes.add(ctl);
        awaitOutput(out, "first line\n", ctl);
        fake.appendStdout("second line\n");
        awaitOutput(out, "second line\n", ctl);
        assertThat(Files.readString(out)).startsWith("==> Press Ctrl-C to exit <==\n");
        ctl.destroy();
        assertThat(ctl.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // supervisorctl has gone: the server stops reading the log.
        await().atMost(BOUND).until(() -> {
            int before = fake.tailCalls.get();
            Thread.sleep(3 * LogTail.POLL_MS);
            return fake.tailCalls.get() == before;
        });
    }

    @Test
    void supervisorctlMaintailFFollowsTheEventLog() throws Exception {
        requireSupervisorPackage();
        fake.appendMainLog("INFO spawned: 'web'\n");
        Path sock = start(null);
        Path out = dir.resolve("maintail.out");
        Process ctl = new ProcessBuilder(SUPERVISORCTL.toString(), "-s", "unix://" + sock, "maintail", "-f")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        processes.add(ctl);
        awaitOutput(out, "INFO spawned: 'web'\n", ctl);
        fake.appendMainLog("INFO success: web entered RUNNING state\n");
        awaitOutput(out, "INFO success: web entered RUNNING state\n", ctl);
        assertThat(Files.readString(out)).startsWith("==> Press Ctrl-C to exit <==\n");
        ctl.destroy();
        assertThat(ctl.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(BOUND).until(() -> {
            int before = fake.readLogCalls.get();
            Thread.sleep(3 * LogTail.POLL_MS);
            return fake.readLogCalls.get() == before;
        });
    }
}
