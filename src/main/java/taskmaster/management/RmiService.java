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
 * (the same port by default).
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

    /**
     * Starts the connector; returns its service URL.
     *
     * @param secretFile where the generated credential is kept, used when {@code jmx_users} is empty
     */
    String start(ManagementSettings s, MBeanServer mbs, Path secretFile) throws ManagementException {
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
            System.setProperty("java.rmi.server.hostname", address.getHostAddress());
            registry = LocateRegistry.createRegistry(s.jmxPort(), null, ssf);
            int regPort = ssf.lastPort;
            int rmiPort = s.jmxRmiPort() != null ? s.jmxRmiPort() : s.jmxPort() == 0 ? 0 : regPort;
            Map<String, Object> env = new HashMap<>();
            env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, ssf);
            env.put("jmx.remote.rmi.server.credentials.filter.pattern", "java.lang.String;java.lang.String[];!*");
            env.put(RMIConnectorServer.SERIAL_FILTER_PATTERN, SERIAL_FILTER);
            env.put(JMXConnectorServer.AUTHENTICATOR, authenticator(users));
            JMXServiceURL service = new JMXServiceURL(
                    "service:jmx:rmi://" + host + ":" + rmiPort + "/jndi/rmi://" + host + ":" + regPort + "/jmxrmi");
            connector = JMXConnectorServerFactory.newJMXConnectorServer(service, env, mbs);
            connector.setMBeanServerForwarder(guard);
            connector.start();
            url = "service:jmx:rmi:///jndi/rmi://" + host + ":" + regPort + "/jmxrmi";
        } catch (IOException | RuntimeException e) {
            stop();
            throw new ManagementException(
                    "jmx: cannot listen on " + s.jmxHost() + ":" + s.jmxPort() + ": " + e.getMessage()
                            + " (change jmx_port, or jmx_port = off)",
                    e);
        }
        LOG.info(
                "jmx: serving {} (jconsole {}:{}), {}; allow-list: taskmaster:*, reads of java.lang",
                url,
                host,
                ssf.firstPort,
                who);
        return url;
    }

    void stop() {
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

    /** Server sockets bound to one address; remembers the ports they got (for port 0). */
    private static final class BoundFactory implements RMIServerSocketFactory, Serializable {
        private final InetAddress address;
        volatile int firstPort = -1;
        volatile int lastPort;

        BoundFactory(InetAddress address) {
            this.address = address;
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket ss = new ServerSocket(port, 50, address);
            lastPort = ss.getLocalPort();
            if (firstPort < 0) {
                firstPort = lastPort;
            }
            return ss;
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
