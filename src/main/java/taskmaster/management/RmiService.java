package taskmaster.management;

import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.MBeanServerForwarder;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.security.auth.Subject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The JMX RMI connector for JConsole and VisualVM ({@code jconsole HOST:PORT}), started in code on
 * {@code jmx_host} with the registry on {@code jmx_port} and the connector on {@code jmx_rmi_port}
 * (the same port by default). Users come from {@code jmx_users}; read-only users may read and
 * listen but not invoke operations, write attributes or create and remove MBeans.
 */
final class RmiService {

    private static final Logger LOG = LogManager.getLogger("taskmaster.management");
    private static final Set<String> WRITES = Set.of("invoke", "setAttribute", "setAttributes", "createMBean",
            "registerMBean", "unregisterMBean", "instantiate", "deserialize");

    private JMXConnectorServer connector;
    private Registry registry;
    private String url;

    /** Starts the connector; returns its service URL. */
    String start(ManagementSettings s, MBeanServer mbs) throws ManagementException {
        InetAddress address;
        try {
            address = InetAddress.getByName(s.jmxHost().replace("[", "").replace("]", ""));
            if (!ManagementSettings.isLoopback(s.jmxHost()) && s.jmxUsers().isEmpty()) {
                throw new ManagementException("jmx_host = " + s.jmxHost() + " is not a loopback address:"
                        + " refusing to open the JMX connector to the network without jmx_users"
                        + " (set jmx_users, or use 127.0.0.1, or jmx_port = off)");
            }
        } catch (java.net.UnknownHostException e) {
            throw new ManagementException("jmx_host = " + s.jmxHost() + ": unknown host");
        }
        BoundFactory ssf = new BoundFactory(address);
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        try {
            System.setProperty("java.rmi.server.hostname", address.getHostAddress());
            registry = LocateRegistry.createRegistry(s.jmxPort(), null, ssf);
            int regPort = ssf.lastPort;
            int rmiPort = s.jmxRmiPort() != null ? s.jmxRmiPort() : s.jmxPort() == 0 ? 0 : regPort;
            Map<String, Object> env = new HashMap<>();
            env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, ssf);
            env.put("jmx.remote.rmi.server.credentials.filter.pattern", "java.lang.String;java.lang.String[];!*");
            if (!s.jmxUsers().isEmpty()) {
                env.put(JMXConnectorServer.AUTHENTICATOR, authenticator(s.jmxUsers()));
            }
            JMXServiceURL service = new JMXServiceURL("service:jmx:rmi://" + host + ":" + rmiPort + "/jndi/rmi://"
                    + host + ":" + regPort + "/jmxrmi");
            connector = JMXConnectorServerFactory.newJMXConnectorServer(service, env, mbs);
            if (!s.jmxUsers().isEmpty()) {
                connector.setMBeanServerForwarder(readOnlyGuard(s.jmxUsers()));
            }
            connector.start();
            url = "service:jmx:rmi:///jndi/rmi://" + host + ":" + regPort + "/jmxrmi";
        } catch (IOException | RuntimeException e) {
            stop();
            throw new ManagementException("jmx: cannot listen on " + s.jmxHost() + ":" + s.jmxPort() + ": "
                    + e.getMessage() + " (change jmx_port, or jmx_port = off)", e);
        }
        LOG.info("jmx: serving {} (jconsole {}:{}){}", url, host, ssf.firstPort,
                s.jmxUsers().isEmpty() ? ", no authentication" : ", users " + s.jmxUsers().values());
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
                if (u != null && MessageDigest.isEqual(u.password().getBytes(StandardCharsets.UTF_8),
                        c[1].getBytes(StandardCharsets.UTF_8))) {
                    return new Subject(true, Set.of(new JMXPrincipal(u.name())), Set.of(), Set.of());
                }
            }
            throw new SecurityException("Authentication failed: unknown user or wrong password");
        };
    }

    /** Refuses operations and writes to read-only users (the subject of the calling connection). */
    static MBeanServerForwarder readOnlyGuard(Map<String, ManagementSettings.JmxUser> users) {
        MBeanServer[] next = new MBeanServer[1];
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "getMBeanServer" -> {
                    return next[0];
                }
                case "setMBeanServer" -> {
                    next[0] = (MBeanServer) args[0];
                    return null;
                }
                default -> {
                }
            }
            if (WRITES.contains(method.getName())) {
                Subject subject = Subject.current();
                boolean rw = subject != null && subject.getPrincipals(JMXPrincipal.class).stream()
                        .map(p -> users.get(p.getName())).anyMatch(u -> u != null && u.readWrite());
                if (!rw) {
                    throw new SecurityException("Access denied: " + method.getName()
                            + " needs a readwrite user (jmx_users)");
                }
            }
            try {
                return method.invoke(next[0], args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (MBeanServerForwarder) Proxy.newProxyInstance(RmiService.class.getClassLoader(),
                new Class<?>[] {MBeanServerForwarder.class}, h);
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
