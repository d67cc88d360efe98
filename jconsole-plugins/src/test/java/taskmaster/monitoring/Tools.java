package taskmaster.monitoring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The external tools the build copied to {@code target/tools}, and helpers to run them. */
final class Tools {

    private Tools() {}

    static Path tool(String jar) {
        Path p = Path.of(System.getProperty("taskmaster.tools", "target/tools"), jar);
        if (!p.toFile().isFile()) {
            throw new IllegalStateException(p + " is missing: run the build (mvn verify) to copy the tools");
        }
        return p;
    }

    /** The shipped exporter rules. */
    static Path exporterRules() {
        return conf("jmx-exporter.yaml");
    }

    /** A file of the repository's {@code conf/}. */
    static Path conf(String file) {
        return Path.of(System.getProperty("taskmaster.conf", "../conf"), file).toAbsolutePath();
    }

    static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    /**
     * A free loopback port, for tools that cannot be told port 0 and report the port they got
     * (the exporter's HTTP server). Closed before it is used, so another process could take it
     * meanwhile; unlikely within the milliseconds that follow.
     */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** An exporter's page, in the text format (what curl gets). */
    static String page(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** An exporter's page as its samples: {@code name{labels}} to value. */
    static Map<String, Double> scrape(String url) throws IOException, InterruptedException {
        Map<String, Double> samples = new HashMap<>();
        for (String line : page(url).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            samples.put(line.substring(0, sp), Double.valueOf(line.substring(sp + 1)));
        }
        return samples;
    }
}
