package taskmaster.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.CheckResult;
import taskmaster.model.Check;
import taskmaster.model.Lifecycle;
import taskmaster.model.ProcessSpec;
import taskmaster.model.UserSpec;
import taskmaster.os.PosixSpawnLauncher;
import taskmaster.testing.Procs;

/** The asked checks against real targets: a listening socket, real HTTP servers, real commands. */
class ProbesTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT = 5_000;

    @TempDir
    Path tmp;

    private PosixSpawnLauncher launcher;
    private Probes probes;
    private Process server;
    private final String marker = UUID.randomUUID().toString();

    @BeforeEach
    void start() {
        launcher = new PosixSpawnLauncher();
        probes = new Probes(launcher);
    }

    @AfterEach
    void stop() throws Exception {
        probes.close();
        Procs.kill(server);
        Procs.killAll("PROBES_TEST", marker);
        launcher.close();
    }

    private CheckResult probe(Check check, long timeoutMillis) throws Exception {
        return probe(CheckSpecs.plain("web"), check, timeoutMillis);
    }

    private CheckResult probe(ProcessSpec spec, Check check, long timeoutMillis) throws Exception {
        return probes.probe(spec, 1, check, timeoutMillis).get(timeoutMillis + 10_000, TimeUnit.MILLISECONDS);
    }

    @Test
    void tcpConnectsToAListeningSocket() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(probe(new Check.Tcp("127.0.0.1", s.getLocalPort()), TIMEOUT))
                    .isEqualTo(CheckResult.ok("connected"));
        }
    }

    @Test
    void tcpToAClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(probe(new Check.Tcp("127.0.0.1", port), TIMEOUT))
                .isEqualTo(CheckResult.failed("connection refused"));
    }

    @Test
    void httpAnswers200FromPythonsHttpServerAnd404ForAMissingFile() throws Exception {
        Files.writeString(tmp.resolve("index.html"), "hello");
        // port 0: the server says which port it got on its first line
        int port = startServer(
                List.of(PYTHON, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", tmp.toString()));
        assertThat(probe(new Check.Http(URI.create("http://127.0.0.1:" + port + "/")), TIMEOUT))
                .isEqualTo(CheckResult.ok("HTTP 200"));
        assertThat(probe(new Check.Http(URI.create("http://127.0.0.1:" + port + "/missing.html")), TIMEOUT))
                .isEqualTo(CheckResult.failed("HTTP 404"));
    }

    @Test
    void http500AndARedirectFailWithTheirCode() throws Exception {
        int port = startServer(List.of(PYTHON, "-u", "-c", """
            import http.server
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    if self.path == '/moved':
                        self.send_response(302)
                        self.send_header('Location', '/')
                    elif self.path == '/health?deep=1':
                        self.send_response(204)
                    else:
                        self.send_response(500)
                    self.send_header('Content-Length', '0')
                    self.end_headers()
            s = http.server.HTTPServer(('127.0.0.1', 0), H)
            print('Serving HTTP on 127.0.0.1 port %d' % s.server_port, flush=True)
            s.serve_forever()
            """));
        String base = "http://127.0.0.1:" + port;
        assertThat(probe(new Check.Http(URI.create(base + "/")), TIMEOUT)).isEqualTo(CheckResult.failed("HTTP 500"));
        assertThat(probe(new Check.Http(URI.create(base + "/moved")), TIMEOUT))
                .as("a redirect is not followed")
                .isEqualTo(CheckResult.failed("HTTP 302"));
        assertThat(probe(new Check.Http(URI.create(base + "/health?deep=1")), TIMEOUT))
                .as("the query is sent")
                .isEqualTo(CheckResult.ok("HTTP 204"));
    }

    /** https: a self-signed certificate is accepted (the check asks whether it answers, as Kubernetes' probes do). */
    @Test
    void httpsAnswersFromASelfSignedServer() throws Exception {
        Path key = tmp.resolve("key.pem");
        Path cert = tmp.resolve("cert.pem");
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "1",
                        "-subj",
                        "/CN=example.invalid",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0)
                .as("openssl made a certificate")
                .isTrue();
        int port = startServer(List.of(PYTHON, "-u", "-c", """
            import http.server, ssl, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200 if self.path == '/' else 503)
                    self.send_header('Content-Length', '0')
                    self.end_headers()
            s = http.server.HTTPServer(('127.0.0.1', 0), H)
            c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            c.load_cert_chain(sys.argv[1], sys.argv[2])
            s.socket = c.wrap_socket(s.socket, server_side=True)
            print('Serving HTTPS on 127.0.0.1 port %d' % s.server_port, flush=True)
            s.serve_forever()
            """, cert.toString(), key.toString()));
        String base = "https://127.0.0.1:" + port;
        assertThat(probe(new Check.Http(URI.create(base + "/")), TIMEOUT)).isEqualTo(CheckResult.ok("HTTP 200"));
        assertThat(probe(new Check.Http(URI.create(base + "/down")), TIMEOUT))
                .isEqualTo(CheckResult.failed("HTTP 503"));
    }

    @Test
    void httpsToAClosedPortIsRefusedAndASilentServerTimesOut() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(probe(new Check.Http(URI.create("https://127.0.0.1:" + port + "/")), TIMEOUT))
                .isEqualTo(CheckResult.failed("connection refused"));
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(probe(new Check.Http(URI.create("https://127.0.0.1:" + s.getLocalPort() + "/")), 500))
                    .isEqualTo(CheckResult.failed("timed out after 0.5 s"));
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            CheckResult r = probe(new Check.Http(URI.create("http://127.0.0.1:" + s.getLocalPort() + "/")), 500);
            assertThat(r).isEqualTo(CheckResult.failed("timed out after 0.5 s"));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void httpToAClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(probe(new Check.Http(URI.create("http://127.0.0.1:" + port + "/")), TIMEOUT))
                .isEqualTo(CheckResult.failed("connection refused"));
    }

    @Test
    void execExitingZeroIsOkAndNonZeroFailsWithItsStatus() throws Exception {
        assertThat(probe(CheckSpecs.shell("exit 0"), TIMEOUT)).isEqualTo(CheckResult.ok("exit status 0"));
        assertThat(probe(CheckSpecs.shell("exit 3"), TIMEOUT)).isEqualTo(CheckResult.failed("exit status 3"));
        assertThat(probe(new Check.Exec("no-such-command-xyz", List.of("no-such-command-xyz")), TIMEOUT))
                .satisfies(r -> assertThat(r.ok()).isFalse())
                .satisfies(r -> assertThat(r.message()).startsWith("couldn't start: "));
    }

    @Test
    void execRunsInTheProgramsEnvironmentAndFolder() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("work"));
        ProcessSpec spec = CheckSpecs.spec(
                "web", List.of("/bin/true"), Map.of("CHECK_VAR", "from the program"), dir, Lifecycle.DEFAULT);
        assertThat(probe(
                        spec,
                        CheckSpecs.shell("test \"$CHECK_VAR\" = 'from the program' && test \"$(pwd)\" = '" + dir
                                + "' && test \"$SUPERVISOR_PROCESS_NAME\" = web"),
                        TIMEOUT))
                .isEqualTo(CheckResult.ok("exit status 0"));
    }

    /** A program with {@code user =} has its exec check run as that user too, never as the daemon's root. */
    @Test
    void execRunsAsTheProgramsUser() throws Exception {
        assumeTrue(taskmaster.os.Posix.linux().geteuid() == 0, "needs root");
        UserSpec nobody = new UserSpec("nobody", 65534, 65534, List.of(), "/nonexistent");
        ProcessSpec spec = CheckSpecs.spec("web", List.of("/bin/true"), Map.of(), null, nobody, Lifecycle.DEFAULT);
        assertThat(probe(spec, CheckSpecs.shell("test \"$(id -u)\" = 65534 && test \"$USER\" = nobody"), TIMEOUT))
                .isEqualTo(CheckResult.ok("exit status 0"));
    }

    @Test
    void execPastItsTimeoutIsKilledWithItsWholeGroup() throws Exception {
        ProcessSpec spec =
                CheckSpecs.spec("web", List.of("/bin/true"), Map.of("PROBES_TEST", marker), null, Lifecycle.DEFAULT);
        long t0 = System.nanoTime();
        // a child in the background too: the whole group goes
        CheckResult r = probe(spec, CheckSpecs.shell("sleep 60 & sleep 60"), 500);
        assertThat(r).isEqualTo(CheckResult.failed("timed out after 0.5 s"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Procs.withEnv("PROBES_TEST", marker).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> launcher.running() == 0);
    }

    @Test
    void manyChecksAtOnceShareOneThread() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
            var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<CheckResult>>();
            for (int i = 0; i < 100; i++) {
                futures.add(probes.probe(
                        CheckSpecs.plain("p" + i), 1, new Check.Tcp("127.0.0.1", s.getLocalPort()), TIMEOUT));
            }
            for (var f : futures) {
                assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(CheckResult.ok("connected"));
            }
        }
        long probeThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("taskmaster-probes"))
                .count();
        assertThat(probeThreads).isEqualTo(1);
    }

    @Test
    void execChecksAddNoThreadPerCheck() throws Exception {
        assertThat(probe(CheckSpecs.shell("exit 0"), TIMEOUT).ok()).isTrue(); // the probes' thread is up
        int threads = Thread.activeCount();
        var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<CheckResult>>();
        for (int i = 0; i < 30; i++) {
            futures.add(probes.probe(CheckSpecs.plain("p" + i), 1, CheckSpecs.shell("sleep 0.2"), TIMEOUT));
        }
        assertThat(Thread.activeCount()).as("30 checks running").isLessThanOrEqualTo(threads);
        for (var f : futures) {
            assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(CheckResult.ok("exit status 0"));
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads);
    }

    @Test
    void aClosedProbesAnswersAtOnce() throws Exception {
        probes.close();
        assertThat(probe(new Check.Tcp("127.0.0.1", 1), TIMEOUT))
                .isEqualTo(CheckResult.failed("the checks are closed"));
    }

    /** Starts a server that prints "… port N" on its first line; returns N. */
    private int startServer(List<String> argv) throws IOException {
        server = new ProcessBuilder(argv).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern port = Pattern.compile("port (\\d+)");
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = port.matcher(line);
            if (m.find()) {
                int p = Integer.parseInt(m.group(1));
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> {})); // keep its pipe drained
                return p;
            }
        }
        throw new IOException("the server ended without saying its port");
    }
}
