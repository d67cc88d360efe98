package taskmaster.management;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.jolokia.server.core.config.SystemPropertyMode;

/**
 * The embedded Jolokia agent: JMX over HTTP/JSON. Secure by default: loopback only (any other
 * address needs a user and password), an allow-list policy always (the shipped one unless
 * {@code jolokia_policy} names another; never allow-all), no discovery, and no JSR-160 proxy:
 * every proxy request is refused with status 403 before any connection is made.
 */
final class JolokiaService {

    private static final Logger LOG = LogManager.getLogger("taskmaster.management");
    /** The shipped policy: the same bytes as conf/jolokia-access.xml. */
    static final String BUNDLED_POLICY = "taskmaster/jolokia-access.xml";

    /** How long a stop waits for the requests in progress to be answered. */
    static final int ANSWER_GRACE_SECONDS = 2;

    private JolokiaServer server;

    /** Starts the agent; returns its URL. */
    String start(ManagementSettings s) throws ManagementException {
        boolean auth = s.jolokiaUser() != null && s.jolokiaPassword() != null;
        try {
            if (!ManagementSettings.isLoopback(s.jolokiaHost()) && !auth) {
                throw new ManagementException("jolokia_host = " + s.jolokiaHost() + " is not a loopback address:"
                        + " refusing to serve JMX over HTTP to the network without jolokia_user and jolokia_password"
                        + " (set both, or use 127.0.0.1, or jolokia = off)");
            }
        } catch (java.net.UnknownHostException e) {
            throw new ManagementException("jolokia_host = " + s.jolokiaHost() + ": unknown host");
        }
        Map<String, String> cfg = new HashMap<>();
        cfg.put("host", s.jolokiaHost().replace("[", "").replace("]", ""));
        cfg.put("port", Integer.toString(s.jolokiaPort()));
        cfg.put("agentContext", "/jolokia");
        cfg.put("agentId", "taskmaster");
        cfg.put("agentDescription", "taskmaster supervisor");
        cfg.put("policyLocation", policyLocation(s));
        cfg.put("discoveryEnabled", "false");
        cfg.put("disableDetectors", "true");
        cfg.put("includeStackTrace", "false");
        cfg.put("serializeException", "false");
        cfg.put("executor", "fixed");
        cfg.put("threadNr", "8");
        cfg.put("jsr160ProxyAllowedTargets", noProxyTargets().toString());
        if (auth) {
            cfg.put("user", s.jolokiaUser());
            cfg.put("password", s.jolokiaPassword());
        }
        if (s.jolokiaKeystore() != null) {
            cfg.put("protocol", "https");
            cfg.put("keystore", s.jolokiaKeystore());
            cfg.put("keystorePassword", s.jolokiaKeystorePassword());
            cfg.put("keyStoreType", s.jolokiaKeystore().endsWith(".jks") ? "JKS" : "PKCS12");
        }
        try {
            server = new JolokiaServer(new JolokiaServerConfig(cfg, SystemPropertyMode.NEVER));
            server.start();
        } catch (IOException | RuntimeException e) {
            server = null;
            throw new ManagementException("jolokia: cannot serve on " + s.jolokiaHost() + ":" + s.jolokiaPort()
                    + ": " + e.getMessage() + " (change jolokia_port, or jolokia = off)", e);
        }
        String url = server.getUrl();
        LOG.info("jolokia: serving {}{}", url, auth ? " (user " + s.jolokiaUser() + ")" : "");
        return url;
    }

    /**
     * The proxy's allow-list: one pattern that matches nothing, so every target URL is refused
     * (an empty list would mean "allow all"). Jolokia reads it from a file.
     */
    private static Path noProxyTargets() throws ManagementException {
        try {
            Path f = Files.createTempFile("taskmaster-jsr160-targets", ".txt");
            f.toFile().deleteOnExit();
            Files.writeString(f, "# taskmasterd: the JSR-160 proxy may reach no target\n(?!)\n");
            return f;
        } catch (IOException e) {
            throw new ManagementException("jolokia: cannot write the proxy allow-list: " + e.getMessage(), e);
        }
    }

    /**
     * Closes the agent once the requests being served have been answered, for at most
     * {@link #ANSWER_GRACE_SECONDS}: Jolokia's own stop closes every connection at once
     * ({@code HttpServer.stop(0)}), and the answer of the {@code shutdown()} that led here was lost
     * whenever the engine's shutdown was quicker than the writing of the reply.
     */
    void stop() {
        if (server != null) {
            HttpServer http = httpServer(server);
            if (http != null) {
                http.stop(ANSWER_GRACE_SECONDS); // returns as soon as no exchange is in progress
            }
            server.stop();
            server = null;
        }
    }

    /**
     * The JDK server under the agent. JolokiaServer does not expose it and stops it without a delay;
     * read from its private field (Jolokia is pinned in the parent pom, and the daemon's shutdown
     * tests fail should the field go). Null, with a warning, if it cannot be read.
     */
    static HttpServer httpServer(JolokiaServer server) {
        try {
            Field f = JolokiaServer.class.getDeclaredField("httpServer");
            f.setAccessible(true);
            return (HttpServer) f.get(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("jolokia: cannot reach the HTTP server to let answers finish before it closes: {}", e.toString());
            return null;
        }
    }

    /** The given file, which must be readable, else the bundled policy; never none. */
    static String policyLocation(ManagementSettings s) throws ManagementException {
        if (s.jolokiaPolicy() != null) {
            Path p = Path.of(s.jolokiaPolicy());
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new ManagementException("jolokia_policy " + p + " is missing or unreadable;"
                        + " refusing to serve Jolokia without its policy");
            }
            return p.toUri().toString();
        }
        URL bundled = JolokiaService.class.getClassLoader().getResource(BUNDLED_POLICY);
        if (bundled == null) {
            throw new ManagementException("the bundled Jolokia policy " + BUNDLED_POLICY
                    + " is missing from the classpath; refusing to serve Jolokia without a policy");
        }
        return "classpath:/" + BUNDLED_POLICY;
    }
}
