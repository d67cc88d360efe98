package taskmaster.management;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.security.auth.Subject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.config.Secret;

/**
 * The JMX RMI connector for JConsole and VisualVM ({@code jconsole HOST:PORT}), started in code on
 * {@code jmx_host} with the registry on {@code jmx_port} and the connector on {@code jmx_rmi_port}
 * (the same port by default). The ports are taken at the daemon's start ({@link #bind}), the
 * registry and the connector started on them once the beans are registered ({@link #start}).
 *
 * <p>Every connection logs in, loopback included: as a user of {@code jmx_users}, or, when there
 * are none, as {@code taskmaster} with the generated secret (the same file Jolokia's generated
 * credential lives in). Every call then goes through the {@link AllowListForwarder}: the shipped
 * policy's allow-list for everyone, and no operations or writes for read-only users. The
 * connector has no TLS, so it listens on a network address only with {@code jmx_users} and an
 * explicit {@code jmx_plaintext = true} (passwords then cross the network in clear; a warning says
 * so at every start).
 */
final class RmiService {

    private static final Logger LOG = LogManager.getLogger("taskmaster.management");
    /**
     * What the connector may deserialize from a client: credentials and call arguments are JDK
     * values, open types and JMX's own classes (filters, queries, attributes); nothing else.
     */
    static final String SERIAL_FILTER = "maxdepth=20;maxarray=100000;java.lang.*;java.math.*;java.util.*;"
            + "java.rmi.MarshalledObject;javax.management.*;javax.management.openmbean.*;"
            + "javax.management.relation.MBeanServerNotificationFilter;!*";

    private JMXConnectorServer connector;
    private Registry registry;
    private String url;
    /** Between {@link #bind} and {@link #start}: what the connector is started with. */
    private Pending pending;

    private record Pending(
            ManagementSettings s,
            BoundFactory ssf,
            int regPort,
            int rmiPort,
            String host,
            AllowListForwarder guard,
            Map<String, ManagementSettings.JmxUser> users,
            String who) {}

    /**
     * Takes the connector's ports (a port in use fails here, before any program starts) and decides
     * who may log in; the registry and the connector, RMI's costly part, are started on them by
     * {@link #start}. Returns the service URL.
     *
     * @param secretFile where the generated credential is kept, used when {@code jmx_users} is empty
     */
    String bind(ManagementSettings s, Path secretFile) throws ManagementException {
        InetAddress address;
        try {
            address = InetAddress.getByName(s.jmxHost().replace("[", "").replace("]", ""));
            if (!ManagementSettings.isLoopback(s.jmxHost())) {
                if (s.jmxUsers().isEmpty()) {
                    throw new ManagementException("jmx_host = " + s.jmxHost() + " is not a loopback address:"
                            + " refusing to open the JMX connector to the network without jmx_users"
                            + " (set jmx_users, or use 127.0.0.1, or jmx_port = off)");
                }
                if (!s.jmxPlaintext()) {
                    throw new ManagementException("jmx_host = " + s.jmxHost() + " is not a loopback address"
                            + " and the JMX connector has no TLS: refusing to let passwords cross the network in clear"
                            + " (use 127.0.0.1 and an ssh tunnel, or set jmx_plaintext = true to accept it)");
                }
                LOG.warn(
                        "jmx: jmx_plaintext = true: the connector listens on {} without TLS;"
                                + " passwords and data cross the network in clear",
                        s.jmxHost());
            }
        } catch (java.net.UnknownHostException e) {
            throw new ManagementException("jmx_host = " + s.jmxHost() + ": unknown host");
        }
        Map<String, ManagementSettings.JmxUser> users = s.jmxUsers();
        String who;
        if (users.isEmpty()) {
            if (secretFile == null) {
                throw new ManagementException("jmx: no jmx_users and no secret file for a generated credential");
            }
            Secret secret;
            try {
                secret = Secret.loadOrCreate(secretFile);
            } catch (IOException e) {
                throw new ManagementException(
                        "jmx: cannot read or create the secret file " + secretFile + ": " + e.getMessage()
                                + " (set jmx_users, or fix the file)",
                        e);
            }
            users = Map.of(secret.user(), new ManagementSettings.JmxUser(secret.user(), secret.password(), true));
            who = "user " + secret.user() + " (readwrite), password in " + secretFile;
        } else {
            who = "users " + users.values();
        }
        AllowListForwarder guard = new AllowListForwarder(AccessPolicy.bundled(), users);
        BoundFactory ssf = new BoundFactory(address);
        String host = address.getHostAddress().contains(":")
                ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        try {
            int regPort = ssf.prebind(s.jmxPort());
            int rmiPort = s.jmxRmiPort() != null ? s.jmxRmiPort() : s.jmxPort() == 0 ? 0 : regPort;
            if (rmiPort != 0 && rmiPort != regPort) {
                ssf.prebind(rmiPort);
            }
            pending = new Pending(s, ssf, regPort, rmiPort, host, guard, users, who);
            url = "service:jmx:rmi:///jndi/rmi://" + host + ":" + regPort + "/jmxrmi";
            return url;
        } catch (IOException | RuntimeException e) {
            ssf.closeUnused();
            throw new ManagementException(
                    "jmx: cannot listen on " + s.jmxHost() + ":" + s.jmxPort() + ": " + e.getMessage()
                            + " (change jmx_port, or jmx_port = off)",
                    e);
        }
    }

    /** Starts the registry and the connector on the ports {@link #bind} took. */
    void start(MBeanServer mbs) throws ManagementException {
        Pending p = pending;
        if (p == null) {
            throw new ManagementException("jmx: start without bound ports (internal error)");
        }
        pending = null;
        ManagementSettings s = p.s();
        BoundFactory ssf = p.ssf();
        String host = p.host();
        int regPort = p.regPort();
        int rmiPort = p.rmiPort();
        try {
            System.setProperty("java.rmi.server.hostname", ssf.address.getHostAddress());
            registry = LocateRegistry.createRegistry(regPort, null, ssf);
            Map<String, Object> env = new HashMap<>();
            env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, ssf);
            env.put("jmx.remote.rmi.server.credentials.filter.pattern", "java.lang.String;java.lang.String[];!*");
            env.put(RMIConnectorServer.SERIAL_FILTER_PATTERN, SERIAL_FILTER);
            env.put(JMXConnectorServer.AUTHENTICATOR, authenticator(p.users()));
            JMXServiceURL service = new JMXServiceURL(
                    "service:jmx:rmi://" + host + ":" + rmiPort + "/jndi/rmi://" + host + ":" + regPort + "/jmxrmi");
            connector = JMXConnectorServerFactory.newJMXConnectorServer(service, env, mbs);
            connector.setMBeanServerForwarder(p.guard());
            connector.start();
        } catch (IOException | RuntimeException e) {
            stop();
            throw new ManagementException(
                    "jmx: cannot start the connector on " + s.jmxHost() + ":" + regPort + ": " + e.getMessage()
                            + " (change jmx_port, or jmx_port = off)",
                    e);
        } finally {
            ssf.closeUnused();
        }
        LOG.info(
                "jmx: serving {} (jconsole {}:{}), {}; allow-list: taskmaster:*, reads of java.lang",
                url,
                host,
                regPort,
                p.who());
    }

    void stop() {
        Pending p = pending;
        pending = null;
        if (p != null) {
            p.ssf().closeUnused();
        }
        try {
            if (connector != null) {
                connector.stop();
            }
        } catch (IOException e) {
            LOG.warn("jmx: while stopping: {}", e.toString());
        }
        connector = null;
        if (registry != null) {
            try {
                UnicastRemoteObject.unexportObject(registry, true);
            } catch (java.rmi.NoSuchObjectException ignored) {
                // not exported
            }
            registry = null;
        }
    }

    private static JMXAuthenticator authenticator(Map<String, ManagementSettings.JmxUser> users) {
        return credentials -> {
            if (credentials instanceof String[] c && c.length == 2 && c[0] != null && c[1] != null) {
                ManagementSettings.JmxUser u = users.get(c[0]);
                if (u != null
                        && MessageDigest.isEqual(
                                u.password().getBytes(StandardCharsets.UTF_8), c[1].getBytes(StandardCharsets.UTF_8))) {
                    return new Subject(true, Set.of(new JMXPrincipal(u.name())), Set.of(), Set.of());
                }
            }
            throw new SecurityException("Authentication failed: unknown user or wrong password");
        };
    }

    /**
     * Server sockets bound to one address. The ports the configuration names are bound ahead
     * ({@link #prebind}), at the daemon's start, and handed to RMI when it asks for them.
     */
    private static final class BoundFactory implements RMIServerSocketFactory, Serializable {
        private static final long serialVersionUID = 1L;
        private final InetAddress address;
        /** Bound ahead and not yet asked for, by port. */
        private final transient Map<Integer, ServerSocket> prebound = new java.util.concurrent.ConcurrentHashMap<>();

        BoundFactory(InetAddress address) {
            this.address = address;
        }

        /** Binds {@code port} (0: any) now; returns the port bound. */
        int prebind(int port) throws IOException {
            ServerSocket ss = new ServerSocket(port, 50, address);
            prebound.put(ss.getLocalPort(), ss);
            return ss.getLocalPort();
        }

        /** Closes what was bound ahead and never asked for. */
        void closeUnused() {
            for (ServerSocket ss : prebound.values()) {
                try {
                    ss.close();
                } catch (IOException ignored) {
                    // closing a listening socket: nothing to do about a failure
                }
            }
            prebound.clear();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket ss = port == 0 ? null : prebound.remove(port);
            return ss != null ? ss : new ServerSocket(port, 50, address);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BoundFactory b && b.address.equals(address);
        }

        @Override
        public int hashCode() {
            return address.hashCode();
        }
    }
}
