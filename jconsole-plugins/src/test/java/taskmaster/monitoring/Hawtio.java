package taskmaster.monitoring;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hawtio 4.2 on Jetty, in a JVM of its own ({@link HawtioServer}), with Hawtio's own login off and
 * its proxy allowed to reach localhost only. {@link #close()} stops it, also after a failure, so
 * a test opens it in try-with-resources as soon as it is launched.
 */
final class Hawtio implements AutoCloseable {

    /** The jars the server JVM needs from the test classpath: Jetty's, the Servlet API, and logging. */
    private static final List<String> JARS =
            List.of("jetty-", "jakarta.servlet-api-", "slf4j-api-", "log4j-api-", "log4j-core-", "log4j-slf4j2-impl-");

    final Process process;
    final Path log;
    /** {@code http://127.0.0.1:PORT/hawtio}, once {@link #awaitServing()} returned. */
    String url;

    private Hawtio(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts Hawtio's JVM with its files in {@code dir}; {@link #awaitServing()} waits for Jetty. */
    static Hawtio launch(Path dir) throws IOException {
        Path war = Path.of(System.getProperty("taskmaster.hawtio", "target/hawtio"));
        if (!Files.isRegularFile(war.resolve("WEB-INF/web.xml"))) {
            throw new IllegalStateException(
                    war + " holds no exploded Hawtio WAR: run the build (mvn verify) to unpack it");
        }
        Files.createDirectories(dir);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path log = dir.resolve("hawtio.log");
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.equals("test-classes") || JARS.stream().anyMatch(name::startsWith)) {
                cp.add(entry);
            }
        }
        List<String> cmd = List.of(
                Tools.java(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1", // starts sooner; Hawtio's backend does little here
                "-Dhawtio.authenticationEnabled=false", // Hawtio's own login; the daemon's still applies
                "-Dhawtio.proxyAllowlist=localhost,127.0.0.1",
                "-Dlog4j2.level=INFO", // Jetty's lines (the WAR configures its own log4j)
                "-cp",
                String.join(File.pathSeparator, cp),
                HawtioServer.class.getName(),
                war.toAbsolutePath().toString(),
                work.toString());
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new Hawtio(p, log);
    }

    /** Waits (2 minutes at most) until Jetty serves Hawtio; fails with its log when the JVM exits first. */
    Hawtio awaitServing() {
        await("Hawtio's Jetty")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    for (String line : Files.readAllLines(log)) {
                        if (line.startsWith(HawtioServer.SERVING)) {
                            url = line.substring(HawtioServer.SERVING.length()).strip();
                            return true;
                        }
                    }
                    if (!process.isAlive()) {
                        throw new AssertionError("Hawtio's Jetty exited " + process.exitValue() + ":\n" + log());
                    }
                    return false;
                });
        return this;
    }

    int port() {
        return URI.create(url).getPort();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Closes its stdin (it stops Jetty and exits), then kills it when that takes over 20 s. */
    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
