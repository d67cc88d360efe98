package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.testing.TestDaemon.value;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.Secret;
import taskmaster.testing.TestDaemon;

/**
 * Who may drive Jolokia: authentication on by default with the generated secret, and the refusals
 * of the request guard (foreign Origin, foreign Host, exec or write over GET), each checked to touch
 * nothing: the program stays RUNNING with the same pid.
 */
class JolokiaGuardTest {

    static final String ONE = "taskmaster:type=Process,program=one,name=one";
    static final String PROGRAM = "[one]\ncmd = sleep 100000\nstarttime = 0\n";
    static final String EVIL = "http://evil.example";
    static final String STOP_ONE = "{\"type\":\"exec\",\"mbean\":\"" + ONE + "\",\"operation\":\"stop\"}";

    @Test
    void authenticationIsOnByDefaultWithTheGeneratedSecret(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs(PROGRAM).start().awaitUrl()) {
            Path file = d.secretFile();
            assertThat(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Secret secret = Secret.read(file).orElseThrow();
            assertThat(secret.user()).isEqualTo(Secret.USER);
            assertThat(d.log())
                    .contains("jolokia: serving " + d.url + " (user taskmaster, password in " + file + ")")
                    .doesNotContain(secret.password());
            d.awaitState(ONE, "RUNNING");
            d.as(null, null);
            assertThat(d.send(get(d, "/version")).statusCode()).isEqualTo(401);
            assertThat(d.send(post(d, STOP_ONE)).statusCode()).isEqualTo(401);
            d.as(Secret.USER, "wrong");
            assertThat(d.send(get(d, "/version")).statusCode()).isEqualTo(401);
            d.as(secret.user(), secret.password());
            assertThat(d.read(ONE, "State")).isEqualTo("RUNNING");
        }
    }

    @Test
    void aForeignOriginIsRefusedBeforeAnythingEvenWithCredentials(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .keys("jolokia_allow_origin = http://hawtio.example:8080, https://console.example")
                .programs(PROGRAM)
                .start()
                .awaitUrl()) {
            d.awaitState(ONE, "RUNNING");
            Object pid = d.read(ONE, "Pid");
            HttpResponse<String> stop =
                    d.send(post(d, STOP_ONE).header("Origin", EVIL).header("Content-Type", "text/plain"));
            assertThat(stop.statusCode()).isEqualTo(403);
            assertThat(stop.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(stop.body())
                    .contains("Origin is not in jolokia_allow_origin")
                    .doesNotContain(EVIL);
            HttpResponse<String> read =
                    d.send(get(d, "/read/taskmaster:type=Supervisor/Processes").header("Origin", EVIL));
            assertThat(read.statusCode()).isEqualTo(403);
            assertThat(read.body()).doesNotContain("sleep").doesNotContain("RUNNING");
            // A form or a link elsewhere: no Origin on a GET, but a Referer.
            assertThat(d.send(get(d, "/read/" + ONE + "/State").header("Referer", EVIL + "/page.html"))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(d.send(post(d, STOP_ONE).header("Origin", "null")).statusCode())
                    .isEqualTo(403);
            String user = d.user;
            String password = d.password;
            d.as(null, null);
            assertThat(d.send(post(d, STOP_ONE).header("Origin", EVIL)).statusCode())
                    .as("refused before authentication")
                    .isEqualTo(403);
            d.as(user, password);
            assertThat(d.read(ONE, "State")).isEqualTo("RUNNING");
            assertThat(d.read(ONE, "Pid")).isEqualTo(pid);
            assertThat(d.log())
                    .contains("jolokia: refused POST /jolokia from 127.0.0.1:"
                            + " forbidden: Origin is not in jolokia_allow_origin");

            HttpResponse<String> allowed =
                    d.send(get(d, "/read/" + ONE + "/State").header("Origin", "http://hawtio.example:8080"));
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("http://hawtio.example:8080");
            assertThat(d.send(get(d, "/read/" + ONE + "/State").header("Origin", "https://console.example"))
                            .statusCode())
                    .isEqualTo(200);
            // A CORS preflight carries no credentials: served for an allowed origin only.
            d.as(null, null);
            HttpResponse<String> preflight = d.send(HttpRequest.newBuilder(URI.create(d.url))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://hawtio.example:8080")
                    .header("Access-Control-Request-Method", "POST"));
            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("http://hawtio.example:8080");
            assertThat(d.send(HttpRequest.newBuilder(URI.create(d.url))
                                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                    .header("Origin", EVIL)
                                    .header("Access-Control-Request-Method", "POST"))
                            .statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void getMayOnlyRead(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs(PROGRAM).start().awaitUrl()) {
            d.awaitState(ONE, "RUNNING");
            Object pid = d.read(ONE, "Pid");
            for (String path : List.of(
                    "/exec/" + ONE + "/stop",
                    "/EXEC/" + ONE + "/stop",
                    "/write/java.lang:type=Memory/Verbose/true",
                    "?p=/exec/" + ONE + "/stop",
                    "/?p=exec/" + ONE + "/stop",
                    "//exec/" + ONE + "/stop",
                    "/read/" + ONE + "/State?callback=steal")) {
                HttpResponse<String> r = d.send(get(d, path));
                assertThat(r.statusCode()).as(path).isEqualTo(403);
                assertThat(r.body()).as(path).doesNotContain("RUNNING");
            }
            assertThat(d.read(ONE, "State")).isEqualTo("RUNNING");
            assertThat(d.read(ONE, "Pid")).isEqualTo(pid);
            assertThat(value(d.get("/read/" + ONE + "/State"))).isEqualTo("RUNNING");
            assertThat(value(d.get("/version"))).isNotNull();
            assertThat(value(d.get(""))).isNotNull();
            assertThat((JSONArray) value(d.get("/search/taskmaster:type=Process,*")))
                    .hasSize(1);
            assertThat((JSONObject) value(d.get("/list/taskmaster"))).isNotEmpty();
            assertThat(value(d.get("?p=/read/" + ONE + "/State"))).isEqualTo("RUNNING");
            // The same exec over POST is served.
            assertThat(value(d.exec(ONE, "stop"))).isNotNull();
            d.awaitState(ONE, "STOPPED");
        }
    }

    @Test
    void aForeignHostIsRefusedSoDnsRebindingCannotReachIt(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .keys("jolokia_allow_host = tm.example")
                .programs(PROGRAM)
                .start()
                .awaitUrl()) {
            d.awaitState(ONE, "RUNNING");
            int port = URI.create(d.url).getPort();
            String auth = d.basicAuth();
            assertThat(raw(port, "evil.example:" + port, auth)).startsWith("HTTP/1.1 403");
            assertThat(raw(port, "evil.example", auth)).startsWith("HTTP/1.1 403");
            assertThat(raw(port, "127.0.0.1.evil.example:" + port, auth)).startsWith("HTTP/1.1 403");
            assertThat(raw(port, null, auth)).startsWith("HTTP/1.1 403");
            assertThat(raw(port, "127.0.0.1:" + port, auth)).startsWith("HTTP/1.1 200");
            assertThat(raw(port, "localhost:" + port, auth)).startsWith("HTTP/1.1 200");
            assertThat(raw(port, "LOCALHOST.", auth)).startsWith("HTTP/1.1 200");
            assertThat(raw(port, "tm.example:" + port, auth)).startsWith("HTTP/1.1 200");
            assertThat(raw(port, "evil.example:" + port, null))
                    .as("refused before authentication")
                    .startsWith("HTTP/1.1 403");
            assertThat(d.log()).contains("forbidden: Host is not this daemon's address");
        }
    }

    @Test
    void authNoneIsLoopbackOnlyAndWarnedAbout(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("none"));
        try (TestDaemon d = TestDaemon.in(a)
                .keys("jolokia_auth = none")
                .programs(PROGRAM)
                .start()
                .awaitUrl()) {
            assertThat(d.user).isNull();
            assertThat(d.secretFile()).doesNotExist();
            assertThat(d.log())
                    .contains("jolokia: jolokia_auth = none: no authentication;"
                            + " every local user can drive this daemon");
            d.awaitState(ONE, "RUNNING");
            assertThat(d.send(post(d, STOP_ONE).header("Origin", EVIL)).statusCode())
                    .isEqualTo(403);
            assertThat(d.read(ONE, "State")).isEqualTo("RUNNING");
        }
        Path b = Files.createDirectories(dir.resolve("network"));
        try (TestDaemon d = TestDaemon.in(b)
                .keys("jolokia_host = 0.0.0.0\njolokia_auth = none")
                .programs(PROGRAM)
                .start()) {
            assertThat(d.awaitExit()).isEqualTo(1);
            assertThat(d.console())
                    .contains("jolokia_auth = none with jolokia_host = 0.0.0.0, which is not a"
                            + " loopback address: refusing");
            assertThat(d.children()).isEmpty();
        }
    }

    @Test
    void plaintextOverTheNetworkOnlyWhenAskedForAndWarned(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .keys("jolokia_host = 0.0.0.0\n" + "jolokia_plaintext = true")
                .programs(PROGRAM)
                .start()
                .awaitUrl()) {
            assertThat(d.url).matches("http://127\\.0\\.0\\.1:\\d+/jolokia");
            assertThat(d.log())
                    .contains("jolokia: jolokia_plaintext = true: the password crosses the network"
                            + " in clear on 0.0.0.0");
            d.awaitState(ONE, "RUNNING");
            d.as(null, null);
            assertThat(d.send(get(d, "/version")).statusCode()).isEqualTo(401);
        }
    }

    static HttpRequest.Builder get(TestDaemon d, String path) {
        return HttpRequest.newBuilder(URI.create(d.url + path)).GET();
    }

    static HttpRequest.Builder post(TestDaemon d, String body) {
        return HttpRequest.newBuilder(URI.create(d.url)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** GET /jolokia/version with the given Host header (none when null): the status line and headers. */
    static String raw(int port, String host, String auth) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            String req = "GET /jolokia/version HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
                    + (auth == null ? "" : "Authorization: " + auth + "\r\n") + "Connection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
