package taskmaster.management;

import java.io.IOException;
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
 * {@code jolokia_policy} names another; never allow-all), no discovery, no JSR-160 proxy (the
 * service is not on the classpath, and disabled by name too).
 */
final class JolokiaService {

    private static final Logger LOG = LogManager.getLogger("taskmaster.management");
    /** The shipped policy: the same bytes as conf/jolokia-access.xml. */
    static final String BUNDLED_POLICY = "taskmaster/jolokia-access.xml";

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
        cfg.put("disabledServices", "org.jolokia.service.jsr160.Jsr160RequestHandler");
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

    void stop() {
        if (server != null) {
            server.stop();
            server = null;
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
