package taskmaster.monitoring;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import taskmaster.config.RunFiles;
import taskmaster.testing.JolokiaHttp;

/**
 * Headless Chromium with the DevTools protocol on a loopback port it picks, its profile in the
 * test's folder, and {@link #page} connected to its one tab. {@link #close()} ends it and every
 * process it started.
 */
final class Chromium implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    final Process process;
    final Path stderr;
    final Cdp page;

    private Chromium(Process process, Path stderr, Cdp page) {
        this.process = process;
        this.stderr = stderr;
        this.page = page;
    }

    /** Debian's chromium, or another on PATH. */
    static Optional<Path> find() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    static Chromium start(Path chromium, Path dir, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path stderr = dir.resolve("chromium.err");
        List<String> cmd = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless=new",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=" + width + "," + height,
                "about:blank"));
        if (RunFiles.uid() == 0) {
            cmd.add(1, "--no-sandbox"); // Chromium's sandbox refuses to run as root
        }
        Process p = new ProcessBuilder(cmd)
                .redirectError(stderr.toFile())
                .redirectOutput(dir.resolve("chromium.out").toFile())
                .start();
        Chromium started = null;
        try {
            URI[] browser = new URI[1];
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        Matcher m = LISTENING.matcher(Files.readString(stderr));
                        if (m.find()) {
                            browser[0] = URI.create(m.group(1));
                            return true;
                        }
                        if (!p.isAlive()) {
                            throw new AssertionError(
                                    "chromium exited " + p.exitValue() + ":\n" + Files.readString(stderr));
                        }
                        return false;
                    });
            started = new Chromium(p, stderr, Cdp.open(pageSocket(browser[0])));
            return started;
        } finally {
            if (started == null) {
                stop(p);
            }
        }
    }

    /** The {@code webSocketDebuggerUrl} of the browser's first tab, from its {@code /json/list}. */
    private static URI pageSocket(URI browser) {
        URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
        JSONObject[] page = new JSONObject[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    HttpResponse<String> r = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(list)
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    for (Object t : (JSONArray) JolokiaHttp.parse(r.body())) {
                        if ("page".equals(((JSONObject) t).get("type"))) {
                            page[0] = (JSONObject) t;
                            return true;
                        }
                    }
                    return false;
                });
        return URI.create((String) page[0].get("webSocketDebuggerUrl"));
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            page.close();
        } finally {
            stop(process);
        }
    }

    /** SIGTERM (Chromium then ends its helpers), SIGKILL for whatever is left after 20 s. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> helpers = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        for (ProcessHandle h : helpers) {
            h.destroyForcibly();
        }
    }
}
