package taskmaster.management;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.jolokia.json.JSONWriter;
import org.jolokia.json.parser.JSONParser;

/**
 * A real taskmasterd in its own JVM, managed over real HTTP (Jolokia) and RMI. Its children carry
 * {@code TM_TAG=<uuid>} in their environment so that none can outlive a test.
 */
final class ManagedDaemon implements AutoCloseable {

    static final Duration BOUND = Duration.ofSeconds(60);

    final Path dir;
    final Path conf;
    final String tag = UUID.randomUUID().toString();
    final Process process;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String url;
    String user;
    String password;

    /** Writes {@code [taskmasterd]} (pidfile, logfile, env tag, {@code daemonKeys}) plus {@code programs}, then starts. */
    ManagedDaemon(Path dir, String daemonKeys, String programs) throws IOException {
        this.dir = dir;
        this.conf = dir.resolve("taskmaster.conf");
        write(daemonKeys, programs);
        process = new ProcessBuilder(command(conf)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.out").toFile()).start();
    }

    void write(String daemonKeys, String programs) throws IOException {
        Files.writeString(conf, "[taskmasterd]\npidfile = %(here)s/tm.pid\nlogfile = %(here)s/tm.log\n"
                + "environment = TM_TAG=" + tag + "\n" + daemonKeys + "\n" + programs);
    }

    static List<String> command(Path conf) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("taskmaster.daemon.Main");
        cmd.add("-n");
        cmd.add("-c");
        cmd.add(conf.toString());
        return cmd;
    }

    /** The generated credential's file: beside the pidfile, whose folder (the test's) only we may write. */
    Path secretFile() {
        return dir.resolve("tm.pid.secret");
    }

    /**
     * Waits for {@code <pidfile>.url} and reads the URL in it; then authenticates with the generated
     * secret when the daemon made one (no jolokia_user configured) and no user was given.
     */
    ManagedDaemon awaitUrl() {
        Path f = dir.resolve("tm.pid.url");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("taskmasterd exited " + process.exitValue() + ":\n" + console());
            }
            return Files.exists(f);
        });
        try {
            url = Files.readString(f).strip();
            if (user == null) {
                taskmaster.config.Secret.read(secretFile()).ifPresent(s -> as(s.user(), s.password()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    ManagedDaemon as(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    String console() {
        return read(dir.resolve("console.out"));
    }

    String log() {
        return read(dir.resolve("tm.log"));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The Authorization header's value for the current user. */
    String basicAuth() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(HttpRequest.Builder b) {
        if (user != null) {
            b.header("Authorization", basicAuth());
        }
        try {
            return http.send(b.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET {@code url + path}; the parsed JSON object. */
    JSONObject get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + path)).GET());
        return (JSONObject) parse(r.body());
    }

    /** POST one request (a Map) or a bulk (a List); the parsed JSON answer. */
    Object post(Object request) {
        String body;
        try {
            java.io.StringWriter w = new java.io.StringWriter();
            JSONWriter.serialize(request, w);
            body = w.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        return parse(r.body());
    }

    JSONObject postOne(Map<String, ?> request) {
        return (JSONObject) post(request);
    }

    JSONArray postBulk(List<? extends Map<String, ?>> requests) {
        return (JSONArray) post(requests);
    }

    /** The value of a successful request; fails with the JSON when its status is not 200. */
    static Object value(JSONObject answer) {
        if (((Number) answer.get("status")).intValue() != 200) {
            throw new AssertionError("not 200: " + answer);
        }
        return answer.get("value");
    }

    Object read(String mbean, String attribute) {
        return value(postOne(Map.of("type", "read", "mbean", mbean, "attribute", attribute)));
    }

    JSONObject exec(String mbean, String operation, Object... args) {
        return postOne(Map.of("type", "exec", "mbean", mbean, "operation", operation, "arguments", List.of(args)));
    }

    static Object parse(String json) {
        try {
            return new JSONParser().parse(json);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    void awaitState(String mbean, String state) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> state.equals(read(mbean, "State")));
    }

    /** Pids of live processes carrying our tag. */
    List<Long> children() {
        return taskmaster.testing.Procs.withEnv("TM_TAG", tag);
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("taskmasterd did not exit:\n" + console());
        }
        return process.exitValue();
    }

    /** SIGTERM, wait, then make sure no child survives. */
    @Override
    public void close() throws Exception {
        taskmaster.testing.Procs.stop(process);
        taskmaster.testing.Procs.killAll("TM_TAG", tag);
    }
}
