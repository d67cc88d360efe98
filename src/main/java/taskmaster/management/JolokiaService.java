package taskmaster.management;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.jolokia.jvmagent.handler.JolokiaHttpHandler;
import org.jolokia.server.core.config.Configuration;
import org.jolokia.server.core.config.SystemPropertyMode;
import org.jolokia.server.core.restrictor.RestrictorFactory;
import org.jolokia.server.core.service.JolokiaServiceManagerFactory;
import org.jolokia.server.core.service.api.JolokiaContext;
import org.jolokia.server.core.service.api.JolokiaServiceManager;
import org.jolokia.server.core.service.impl.ClasspathServiceCreator;
import org.jolokia.server.core.service.impl.StdoutLogHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;
import taskmaster.config.RunFiles;
import taskmaster.config.Secret;

/**
 * The embedded Jolokia agent: JMX over HTTP/JSON, on an HTTP server of our own so that we choose
 * its threads and what runs before Jolokia. Secure by default:
 * <ul>
 *   <li>authentication always: the configured user and password, else the generated secret (see
 *       {@link Secret}); {@code jolokia_auth = none} is an explicit opt-out, loopback only, and warned
 *       about at every start;
 *   <li>the {@link RequestGuard} in front: no foreign Host, no foreign Origin, nothing but reads over GET;
 *   <li>{@link RequestShape} after authentication: a request Jolokia would misread (wrong argument
 *       count, fields of the wrong type) gets a fault and never reaches Jolokia;
 *   <li>no password in clear over a network: a non-loopback address needs a keystore, or
 *       {@code jolokia_plaintext = true};
 *   <li>an allow-list policy always (the shipped one unless {@code jolokia_policy} names another;
 *       never allow-all), no discovery, and no JSR-160 proxy: every proxy request is refused with
 *       status 403 before any connection is made;
 *   <li>one virtual thread per request: a start or stop that waits minutes for its outcome holds no
 *       worker that a read needs.
 * </ul>
 */
final class JolokiaService {

    private static final Logger LOG = LogManager.getLogger("taskmaster.management");
    /** The shipped policy: the same bytes as conf/jolokia-access.xml. */
    static final String BUNDLED_POLICY = "taskmaster/jolokia-access.xml";

    static final String CONTEXT = "/jolokia";

    /** How long a stop waits for the requests in progress to be answered. */
    static final int ANSWER_GRACE_SECONDS = 2;

    private HttpServer http;
    private boolean open;
    /** Between {@link #bind} and {@link #prepare}: what the agent is built with. */
    private Pending pending;

    private RequestThreads executor;
    private JolokiaServiceManager jolokia;
    private EventStreams streams;

    /** Binds and serves at once; returns the URL. */
    String start(ManagementSettings s, RunFiles runFiles) throws ManagementException {
        String url = bind(s, runFiles);
        prepare();
        open();
        return url;
    }

    /**
     * Serves the requests that {@link #bind} let wait. Until then a client's connection waits in
     * the listen backlog (taskmasterctl's read waits up to 30 s for its answer): nothing is
     * answered before the daemon has applied its configuration and registered its beans, so no
     * client ever sees a bean whose process the engine does not know yet, nor a process whose bean
     * is missing. Nothing before {@link #prepare}.
     */
    void open() {
        if (http != null && streams != null && !open) {
            http.start();
            open = true;
        }
    }

    /**
     * Takes the agent's address (a port in use fails here, before any program starts) and decides
     * who may log in; Jolokia itself is built by {@link #prepare}, and nothing is answered until
     * {@link #open}. Returns the URL.
     *
     * @param runFiles where the generated secret is kept (used when no user and password are configured)
     */
    String bind(ManagementSettings s, RunFiles runFiles) throws ManagementException {
        JolokiaAccess access = s.jolokiaAccess();
        String bindHost = s.jolokiaHost().replace("[", "").replace("]", "");
        boolean loopback;
        try {
            loopback = ManagementSettings.isLoopback(s.jolokiaHost());
        } catch (UnknownHostException e) {
            throw new ManagementException("jolokia_host = " + s.jolokiaHost() + ": unknown host");
        }
        boolean tls = s.jolokiaKeystore() != null;
        refuseUnsafe(s, loopback, tls);
        Login login = login(s, runFiles);
        String how = login.how();
        Map<String, String> cfg = new HashMap<>();
        cfg.put("host", bindHost);
        cfg.put("port", Integer.toString(s.jolokiaPort()));
        cfg.put("agentContext", CONTEXT);
        cfg.put("agentId", "taskmaster");
        cfg.put("agentDescription", "taskmaster supervisor");
        cfg.put("policyLocation", policyLocation(s));
        cfg.put("discoveryEnabled", "false");
        cfg.put("disableDetectors", "true");
        cfg.put("includeStackTrace", "false");
        cfg.put("serializeException", "false");
        try {
            // Without TCP_NODELAY, Nagle's algorithm and the client's delayed ACK add 40 ms to every
            // answer on a kept-alive connection. The JDK server reads this once, at its first use.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            http = tls ? httpsServer(s) : HttpServer.create();
            InetAddress bindAddress = InetAddress.getByName(bindHost);
            http.bind(new InetSocketAddress(bindAddress, s.jolokiaPort()), 0);
            executor = new RequestThreads();
            http.setExecutor(executor);
            InetSocketAddress bound = http.getAddress();
            String url = url(tls, bindAddress, bound.getPort());
            pending = new Pending(s, cfg, url, bindAddress, login);
            if (access.authNone()) {
                LOG.warn("jolokia: jolokia_auth = none: no authentication; every local user can drive this daemon"
                        + " and type into its programs (remove jolokia_auth = none to use the generated secret)");
            }
            LOG.info("jolokia: serving {} ({})", url, how);
            return url;
        } catch (IOException | RuntimeException e) {
            stop();
            throw new ManagementException(
                    "jolokia: cannot serve on " + s.jolokiaHost() + ":" + s.jolokiaPort() + ": " + e.getMessage()
                            + " (change jolokia_port, or jolokia = off)",
                    e);
        }
    }

    /** What {@link #bind} decided and {@link #prepare} builds on. */
    private record Pending(
            ManagementSettings s, Map<String, String> cfg, String url, InetAddress bindAddress, Login login) {}

    /**
     * Builds Jolokia on the bound address: its services, the policy's restrictor, the handler and
     * what runs before it (the guard, the authenticator, the shape check). The costly part of the
     * agent's start (hundreds of classes), and no address is taken here: the daemon runs it while
     * the first programs spawn.
     */
    void prepare() throws ManagementException {
        Pending p = pending;
        if (p == null || http == null) {
            throw new ManagementException("jolokia: prepare without a bound address (internal error)");
        }
        pending = null;
        ManagementSettings s = p.s();
        JolokiaAccess access = s.jolokiaAccess();
        InetAddress bindAddress = p.bindAddress();
        String user = p.login().user();
        String password = p.login().password();
        Map<String, String> cfg = new HashMap<>(p.cfg());
        cfg.put("jsr160ProxyAllowedTargets", noProxyTargets().toString());
        try {
            Configuration config = new JolokiaServerConfig(cfg, SystemPropertyMode.NEVER).getJolokiaConfig();
            jolokia = JolokiaServiceManagerFactory.createJolokiaServiceManager(
                    config,
                    new StdoutLogHandler(false),
                    RestrictorFactory.createRestrictor(config, new StdoutLogHandler(false)));
            ClasspathServiceCreator found =
                    new ClasspathServiceCreator(JolokiaService.class.getClassLoader(), "services");
            jolokia.addServices(log -> FlatCompositeSerializer.inFront(found.getServices(log)));
            JolokiaContext context = jolokia.start();
            context.getAgentDetails().updateAgentParameters(p.url(), user != null);
            // The shape check wraps the handler, so that it runs after the authenticator.
            streams = new EventStreams(new JolokiaHttpHandler(context), CONTEXT, context);
            HttpContext c = http.createContext(CONTEXT, new RequestShape(streams));
            c.getFilters()
                    .add(new RequestGuard(
                            CONTEXT,
                            allowedHosts(s, bindAddress),
                            bindAddress.isAnyLocalAddress(),
                            access.allowOrigins(),
                            new RefusalLog()));
            if (user != null) {
                c.setAuthenticator(new PasswordAuthenticator(user, password));
            }
        } catch (RuntimeException e) {
            stop();
            throw new ManagementException(
                    "jolokia: cannot start its services: " + e.getMessage()
                            + " (check jolokia_policy, or jolokia = off)",
                    e);
        }
    }

    /** User, password (both null: none) and how the log line describes them. */
    private record Login(String user, String password, String how) {}

    /** Refuses what would expose the daemon: no authentication off loopback, a password in clear on a network. */
    private static void refuseUnsafe(ManagementSettings s, boolean loopback, boolean tls) throws ManagementException {
        JolokiaAccess access = s.jolokiaAccess();
        if (access.authNone()) {
            if (s.jolokiaUser() != null) {
                throw new ManagementException("jolokia_auth = none and jolokia_user are both set:"
                        + " refusing to guess which is meant (remove one)");
            }
            if (!loopback) {
                throw new ManagementException("jolokia_auth = none with jolokia_host = " + s.jolokiaHost()
                        + ", which is not a loopback address: refusing to let the network drive this daemon"
                        + " without authentication (remove jolokia_auth = none, or use 127.0.0.1)");
            }
        } else if (!loopback && !tls) {
            if (!access.plaintext()) {
                throw new ManagementException("jolokia_host = " + s.jolokiaHost() + " is not a loopback address:"
                        + " refusing to send the password over the network in clear without jolokia_keystore"
                        + " (set jolokia_keystore, or jolokia_plaintext = true, or use 127.0.0.1)");
            }
            LOG.warn(
                    "jolokia: jolokia_plaintext = true: the password crosses the network in clear on {};"
                            + " anyone on the path can read it and drive this daemon (set jolokia_keystore)",
                    s.jolokiaHost());
        }
    }

    /** The configured user and password, else the generated secret (made at the first start), else none when asked. */
    private static Login login(ManagementSettings s, RunFiles runFiles) throws ManagementException {
        if (s.jolokiaAccess().authNone()) {
            return new Login(null, null, "no authentication");
        }
        if (s.jolokiaUser() != null && s.jolokiaPassword() != null) {
            return new Login(s.jolokiaUser(), s.jolokiaPassword(), "user " + s.jolokiaUser());
        }
        if (runFiles == null) {
            throw new ManagementException("jolokia: no jolokia_user and no run folder for a generated secret");
        }
        Path file = runFiles.secret();
        try {
            Secret secret = Secret.loadOrCreate(file);
            return new Login(secret.user(), secret.password(), "user " + secret.user() + ", password in " + file);
        } catch (IOException e) {
            throw new ManagementException(
                    "jolokia: cannot use the generated secret: " + e.getMessage()
                            + " (remove it, or set jolokia_user and jolokia_password)",
                    e);
        }
    }

    /** The names a request's Host may carry: the bound address, the configured host, localhost, jolokia_allow_host. */
    private static Set<String> allowedHosts(ManagementSettings s, InetAddress bound) {
        Set<String> hosts = new HashSet<>(s.jolokiaAccess().allowHosts());
        hosts.add("localhost");
        hosts.add(s.jolokiaHost().replace("[", "").replace("]", ""));
        hosts.add(bound.getHostAddress());
        return hosts;
    }

    /** The agent's URL: the bound address, or loopback when bound to the wildcard (the URL is for local clients). */
    private static String url(boolean tls, InetAddress a, int port) {
        String host;
        if (a.isAnyLocalAddress()) {
            host = a instanceof Inet6Address ? "[::1]" : "127.0.0.1";
        } else {
            String text = a.getHostAddress();
            int scope = text.indexOf('%');
            text = scope < 0 ? text : text.substring(0, scope);
            host = a instanceof Inet6Address ? "[" + text + "]" : text;
        }
        return (tls ? "https" : "http") + "://" + host + ":" + port + CONTEXT;
    }

    private static HttpsServer httpsServer(ManagementSettings s) throws IOException {
        char[] pw = s.jolokiaKeystorePassword().toCharArray();
        try {
            KeyStore ks = KeyStore.getInstance(s.jolokiaKeystore().endsWith(".jks") ? "JKS" : "PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(s.jolokiaKeystore()))) {
                ks.load(in, pw);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create();
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return server;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the keystore " + s.jolokiaKeystore() + ": " + e.getMessage(), e);
        }
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
        if (streams != null) {
            streams.closeAll(); // an open event stream is an exchange in progress: the stop would wait for it
            streams = null;
        }
        pending = null;
        if (http != null) {
            // With exchanges in progress, lets them be answered; returns as soon as there are none.
            http.stop(open ? ANSWER_GRACE_SECONDS : 0);
            http = null;
            open = false;
        }
        if (executor != null) {
            executor.shutdown(); // what still runs finishes on its own
            executor = null;
        }
        if (jolokia != null) {
            try {
                jolokia.stop();
            } catch (RuntimeException e) {
                LOG.warn("jolokia: stopping its services failed: {}", e.toString());
            }
            jolokia = null;
        }
    }

    /** The given file, which must be readable, else the bundled policy; never none. */
    /**
     * A policy of the user's that is no XML is refused here, before any program starts: Jolokia
     * reads it only in {@link #prepare}, after the first spawns, and a typo would otherwise start
     * every program only to stop them again. The shipped policy is the build's own, tested bytes,
     * so the daemon does not load an XML parser before its first spawn for it. What is well-formed
     * but not a policy Jolokia accepts is still found in {@link #prepare}.
     */
    private static void requireWellFormed(Path policy) throws ManagementException {
        try (InputStream in = Files.newInputStream(policy)) {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.newSAXParser().parse(in, new DefaultHandler());
        } catch (SAXParseException e) {
            throw new ManagementException("jolokia_policy " + policy + ":" + e.getLineNumber()
                    + ": not well-formed XML: " + e.getMessage() + "; refusing to serve Jolokia without its policy");
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new ManagementException("jolokia_policy " + policy + " cannot be read: " + e.getMessage()
                    + "; refusing to serve Jolokia without its policy");
        }
    }

    static String policyLocation(ManagementSettings s) throws ManagementException {
        if (s.jolokiaPolicy() != null) {
            Path p = Path.of(s.jolokiaPolicy());
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new ManagementException("jolokia_policy " + p + " is missing or unreadable;"
                        + " refusing to serve Jolokia without its policy");
            }
            requireWellFormed(p);
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
