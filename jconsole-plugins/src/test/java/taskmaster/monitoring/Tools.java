package taskmaster.monitoring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

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
}
