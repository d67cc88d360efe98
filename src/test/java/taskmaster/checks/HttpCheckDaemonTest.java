package taskmaster.checks;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * A real daemon with a real HTTP server as its program: {@code ready = http://…} keeps it STARTING
 * until the server answers, and {@code healthcheck = http://…} restarts it once it answers 500
 * {@code healthcheck_retries} times in a row.
 */
class HttpCheckDaemonTest {
    private static final String MBEAN = "taskmaster:type=Process,program=web,name=web";

    /**
     * Serves on PORT once the file {@code listen} exists in its folder; answers 200, or 500 while the
     * file {@code fail} exists.
     */
    private static final String SERVER = """
        import http.server, os, sys, time
        while not os.path.exists('listen'):
            time.sleep(0.05)
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(500 if os.path.exists('fail') else 200)
                self.send_header('Content-Length', '0')
                self.end_headers()
            def log_message(self, *args):
                pass
        http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
        """;

    @TempDir
    Path dir;

    private String program(int port, String checks) throws IOException {
        Path script = dir.resolve("server.py");
        Files.writeString(script, SERVER);
        return """
            [web]
            cmd = /usr/bin/python3 %s %d
            directory = %s
            starttime = 0
            stoptime = 2
            %s
            """.formatted(script, port, dir, checks);
    }

    @Test
    void anHttpReadinessCheckKeepsItStartingUntilTheServerAnswers() throws Exception {
        int port = freePort();
        try (TestDaemon d = TestDaemon.in(Files.createDirectories(dir.resolve("daemon")))
                .programs(program(port, "ready = http://127.0.0.1:" + port + "/\nready_timeout = 60\n"))
                .start()
                .awaitUrl()) {
            d.awaitState(MBEAN, "STARTING");
            // The process runs but does not listen yet: the check fails and it stays STARTING.
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> "STARTING".equals(d.read(MBEAN, "State")));
            Files.createFile(dir.resolve("listen"));
            d.awaitState(MBEAN, "RUNNING");
            d.awaitLog("success: web entered RUNNING");
        }
    }

    @Test
    void aProgramWhoseHealthEndpointStartsFailingIsRestarted() throws Exception {
        int port = freePort();
        Files.createFile(dir.resolve("listen"));
        try (TestDaemon d = TestDaemon.in(Files.createDirectories(dir.resolve("daemon")))
                .programs(program(port, """
                    ready = http://127.0.0.1:%d/
                    healthcheck = http://127.0.0.1:%d/
                    healthcheck_interval = 1
                    healthcheck_timeout = 1
                    healthcheck_retries = 2
                    """.formatted(port, port)))
                .start()
                .awaitUrl()) {
            d.awaitState(MBEAN, "RUNNING");
            long first = ((Number) d.read(MBEAN, "Pid")).longValue();
            d.awaitLog("health: web \\(pid " + first + "\\) is HEALTHY");
            Files.createFile(dir.resolve("fail"));
            d.awaitLog("unhealthy: web \\(pid " + first + "\\) failed 2 health checks in a row \\(last: HTTP 500\\);"
                    + " restarting it");
            await().atMost(TestDaemon.BOUND).until(() -> {
                Object pid = d.read(MBEAN, "Pid");
                return pid instanceof Number n && n.longValue() != 0 && n.longValue() != first;
            });
            Files.delete(dir.resolve("fail"));
            d.awaitState(MBEAN, "RUNNING");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
