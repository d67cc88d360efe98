package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * Notifications pushed over Server-Sent Events through the daemon's own Jolokia, with real curl on
 * the URL the README gives: register, open the stream, add a listener in mode sse, and the stream
 * carries the state changes; a client that goes away is unregistered; the stop ends open streams.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SseStreamTest {

    static final String ONE = "taskmaster:type=Process,program=one,name=one";

    Path dir;
    TestDaemon d;
    final List<Process> curls = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        requireCurl();
        this.dir = dir;
        d = TestDaemon.in(dir)
                .programs("[one]\ncmd = sleep 100000\nstarttime = 0\n")
                .start()
                .awaitUrl();
        d.awaitState(ONE, "RUNNING");
    }

    @AfterEach
    void killCurls() {
        curls.forEach(Process::destroyForcibly);
        curls.clear();
    }

    @AfterAll
    void stop() throws Exception {
        if (d != null) {
            d.close();
        }
    }

    /** Fails in CI, skips elsewhere, when there is no curl. */
    static void requireCurl() {
        boolean found = System.getenv("PATH") != null
                && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                        .anyMatch(p -> Files.isExecutable(Path.of(p, "curl")));
        if (!found) {
            if (System.getenv("CI") != null) {
                fail("curl is missing, and CI is set: .ci/run must install it (apt-get install curl)");
            }
            Assumptions.abort("curl is not installed; skipped on this machine");
        }
    }

    /** Registers a notification client; its id. */
    String register() {
        JSONObject reg = d.postOne(Map.of("type", "notification", "command", "register"));
        Map<?, ?> value = (Map<?, ?>) TestDaemon.value(reg);
        assertThat(((Map<?, ?>) value.get("backend")).containsKey("sse")).isTrue();
        return (String) value.get("id");
    }

    void addSupervisorListener(String client) {
        TestDaemon.value(d.postOne(Map.of(
                "type",
                "notification",
                "command",
                "add",
                "client",
                client,
                "mode",
                "sse",
                "mbean",
                "taskmaster:type=Supervisor")));
    }

    /** {@code curl -N -i} on the client's stream, its output in a file; returns once the stream is open. */
    Process curl(String client, Path out) throws IOException {
        Process p = new ProcessBuilder(
                        "curl",
                        "-sS",
                        "-N",
                        "-i",
                        "-u",
                        d.user + ":" + d.password,
                        d.url + "/notification/open/" + client + "/sse")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        curls.add(p);
        // curl prints the headers with the first event or heartbeat; the daemon says when the stream is open
        await().atMost(TestDaemon.BOUND).until(() -> {
            assertThat(p.isAlive()).as("curl exited: %s", Files.readString(out)).isTrue();
            return d.log().contains("jolokia: notification client " + client + " opened its event stream (SSE)");
        });
        return p;
    }

    static String status(Path out) throws IOException {
        return Files.readString(out).lines().findFirst().orElse("");
    }

    @Test
    @Order(1)
    void curlOnTheDocumentedUrlStreamsAStateChange() throws Exception {
        String client = register();
        Path out = dir.resolve("curl-stream.out");
        curl(client, out);
        addSupervisorListener(client);
        assertThat(TestDaemon.value(d.exec(ONE, "stop")).toString()).contains("\"ok\":true");
        await().atMost(TestDaemon.BOUND)
                .untilAsserted(() -> assertThat(Files.readString(out))
                        .containsPattern("(?m)^data: .*\"process\":\"one\".*\"newState\":\"STOPPED\"")
                        .containsPattern("(?m)^id: \\d+\r?$"));
        assertThat(status(out)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(Files.readString(out)).containsIgnoringCase("Content-type: text/event-stream");
        d.exec(ONE, "start");
        d.awaitState(ONE, "RUNNING");
    }

    /** The headers come at the open, not with Jolokia's first heartbeat 10 s later: a client knows at once that it may add. */
    @Test
    @Order(1)
    void theStreamAnswersItsHeadersAtOnce() throws Exception {
        String client = register();
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net
                .URI
                .create(d.url + "/notification/open/" + client + "/sse")
                .toURL()
                .openConnection();
        c.setRequestProperty("Authorization", d.basicAuth());
        c.setReadTimeout(7000); // fails with SocketTimeoutException when the headers wait for the heartbeat
        try {
            assertThat(c.getResponseCode()).isEqualTo(200);
            assertThat(c.getContentType()).startsWith("text/event-stream");
        } finally {
            d.postOne(Map.of("type", "notification", "command", "unregister", "client", client));
            c.disconnect();
        }
    }

    @Test
    @Order(2)
    void theStreamNeedsCredentialsAndNoForeignOriginAndGetOpensNothingElse() throws Exception {
        String client = register();
        String url = d.url + "/notification/open/" + client + "/sse";
        assertThat(httpCode("-u", "nobody:wrong", url)).isEqualTo("401");
        assertThat(httpCode(url)).isEqualTo("401");
        assertThat(httpCode("-u", d.user + ":" + d.password, "-H", "Origin: http://evil.example", url))
                .isEqualTo("403");
        // the other notification commands still need POST
        assertThat(httpCode("-u", d.user + ":" + d.password, d.url + "/notification/register"))
                .isEqualTo("403");
        assertThat(httpCode("-u", d.user + ":" + d.password, d.url + "/notification/unregister/" + client))
                .isEqualTo("403");
        assertThat(d.count("opened its event stream.*" + client)).isZero();
    }

    /** The HTTP status curl saw, with a bound on the whole transfer (a stream that opened would hang). */
    static String httpCode(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-m", "10", "-w", "%{http_code}"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes()).strip();
    }

    @Test
    @Order(3)
    void aClientWhoseStreamIsDroppedIsUnregistered() throws Exception {
        String client = register();
        Path out = dir.resolve("curl-dropped.out");
        Process curl = curl(client, out);
        addSupervisorListener(client);
        assertThat(ping(client)).isEqualTo(200);
        curl.destroyForcibly().waitFor();
        // Jolokia's heartbeat (every 10 s) finds the peer gone and closes the exchange; the daemon unregisters
        d.awaitLog("jolokia: the event stream of notification client " + client + " ended; client unregistered");
        await().atMost(TestDaemon.BOUND).until(() -> ping(client) != 200);
    }

    int ping(String client) {
        return ((Number) d.postOne(Map.of("type", "notification", "command", "ping", "client", client))
                        .get("status"))
                .intValue();
    }

    @Test
    @Order(4)
    void aShutdownWithAnOpenStreamEndsTheStreamCleanlyAndPromptly() throws Exception {
        String client = register();
        Path out = dir.resolve("curl-shutdown.out");
        Process curl = curl(client, out);
        addSupervisorListener(client);
        long t0 = System.nanoTime();
        d.exec("taskmaster:type=Supervisor", "shutdown");
        assertThat(d.awaitExit()).isZero();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // 0: the response ended with its last chunk; a connection cut by the server's stop is curl's 18
        assertThat(curl.exitValue()).as("curl: %s", Files.readString(out)).isZero();
        assertThat(d.log()).contains("jolokia: closed 1 event stream(s) at stop");
        System.out.println("SseStreamTest: shutdown with an open stream took " + ms + " ms");
        assertThat(ms).isLessThan(Duration.ofSeconds(30).toMillis());
    }
}
