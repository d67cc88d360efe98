package taskmaster.management;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import taskmaster.config.DaemonKey;

/**
 * The management keys of {@code [taskmasterd]}, read from the raw (already validated) values
 * through their declarations ({@link DaemonKey}), which hold their defaults.
 *
 * @param jolokiaAccess who may reach Jolokia: authentication mode, allowed origins and hosts
 * @param jmxUsers user name to {@link JmxUser}; empty means the generated credential (user
 *                 {@code taskmaster}, readwrite, in the secret file)
 * @param jmxPlaintext {@code jmx_plaintext}: the connector may listen on a network address although
 *                 it has no TLS, so passwords cross the network in clear
 */
public record ManagementSettings(
        boolean jolokia,
        String jolokiaHost,
        int jolokiaPort,
        String jolokiaUser,
        String jolokiaPassword,
        String jolokiaPolicy,
        String jolokiaKeystore,
        String jolokiaKeystorePassword,
        JolokiaAccess jolokiaAccess,
        Integer jmxPort,
        String jmxHost,
        Integer jmxRmiPort,
        Map<String, JmxUser> jmxUsers,
        boolean jmxPlaintext) {

    /** A JMX user: read-only users may read attributes and listen, not operate or write. */
    public record JmxUser(String name, String password, boolean readWrite) {
        @Override
        public String toString() {
            return name + (readWrite ? " (readwrite)" : " (readonly)");
        }
    }

    public static ManagementSettings from(Map<String, String> raw) {
        Map<String, JmxUser> users = new LinkedHashMap<>();
        String list = DaemonKey.JMX_USERS.in(raw);
        if (list != null) {
            for (String entry : list.split(",")) {
                String[] p = entry.strip().split(":", -1);
                users.put(p[0], new JmxUser(p[0], p[1], p[2].equals("readwrite")));
            }
        }
        return new ManagementSettings(
                DaemonKey.JOLOKIA.isOn(raw),
                DaemonKey.JOLOKIA_HOST.in(raw),
                DaemonKey.JOLOKIA_PORT.port(raw).orElseThrow(),
                DaemonKey.JOLOKIA_USER.in(raw),
                DaemonKey.JOLOKIA_PASSWORD.in(raw),
                DaemonKey.JOLOKIA_POLICY.in(raw),
                DaemonKey.JOLOKIA_KEYSTORE.in(raw),
                DaemonKey.JOLOKIA_KEYSTORE_PASSWORD.in(raw),
                JolokiaAccess.from(raw),
                boxed(DaemonKey.JMX_PORT.port(raw)),
                DaemonKey.JMX_HOST.in(raw),
                boxed(DaemonKey.JMX_RMI_PORT.port(raw)),
                Map.copyOf(users),
                DaemonKey.JMX_PLAINTEXT.isOn(raw));
    }

    private static Integer boxed(OptionalInt port) {
        return port.isPresent() ? port.getAsInt() : null;
    }

    /** Whether {@code host} names only loopback addresses. */
    static boolean isLoopback(String host) throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host.replace("[", "").replace("]", ""));
        for (InetAddress a : all) {
            if (!a.isLoopbackAddress()) {
                return false;
            }
        }
        return all.length > 0;
    }

    @Override
    public String toString() {
        // Never the passwords.
        return "ManagementSettings[jolokia=" + jolokia + ", host=" + jolokiaHost + ", port=" + jolokiaPort
                + ", user=" + jolokiaUser + ", access=" + jolokiaAccess
                + ", policy=" + jolokiaPolicy + ", jmxPort=" + jmxPort + ", jmxHost="
                + jmxHost + ", jmxUsers=" + jmxUsers.values() + ", jmxPlaintext=" + jmxPlaintext + "]";
    }
}
