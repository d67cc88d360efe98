package taskmaster.management;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The management keys of {@code [taskmasterd]}, read from the raw (already validated) values.
 *
 * @param jolokiaAccess who may reach Jolokia: authentication mode, allowed origins and hosts
 * @param jmxUsers user name to {@link JmxUser}; empty means the generated credential (user
 *                 {@code taskmaster}, readwrite, in the secret file)
 * @param jmxPlaintext {@code jmx_plaintext}: the connector may listen on a network address although
 *                 it has no TLS, so passwords cross the network in clear
 */
public record ManagementSettings(boolean jolokia, String jolokiaHost, int jolokiaPort, String jolokiaUser,
                                 String jolokiaPassword, String jolokiaPolicy, String jolokiaKeystore,
                                 String jolokiaKeystorePassword, JolokiaAccess jolokiaAccess, Integer jmxPort,
                                 String jmxHost, Integer jmxRmiPort,
                                 Map<String, JmxUser> jmxUsers, boolean jmxPlaintext) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_JOLOKIA_PORT = 8778;

    /** A JMX user: read-only users may read attributes and listen, not operate or write. */
    public record JmxUser(String name, String password, boolean readWrite) {
        @Override
        public String toString() {
            return name + (readWrite ? " (readwrite)" : " (readonly)");
        }
    }

    public static ManagementSettings from(Map<String, String> raw) {
        boolean on = !isFalse(raw.getOrDefault("jolokia", "on"));
        String jmxPort = raw.getOrDefault("jmx_port", "");
        Integer jmx = jmxPort.isEmpty() || jmxPort.equalsIgnoreCase("off") || jmxPort.equalsIgnoreCase("none")
                ? null : Integer.valueOf(jmxPort);
        String rmi = raw.getOrDefault("jmx_rmi_port", "");
        Map<String, JmxUser> users = new LinkedHashMap<>();
        String list = raw.getOrDefault("jmx_users", "");
        if (!list.isBlank()) {
            for (String entry : list.split(",")) {
                String[] p = entry.strip().split(":", -1);
                users.put(p[0], new JmxUser(p[0], p[1], p[2].equals("readwrite")));
            }
        }
        return new ManagementSettings(on, nonEmpty(raw.get("jolokia_host"), DEFAULT_HOST),
                Integer.parseInt(nonEmpty(raw.get("jolokia_port"), Integer.toString(DEFAULT_JOLOKIA_PORT))),
                nonEmpty(raw.get("jolokia_user"), null), nonEmpty(raw.get("jolokia_password"), null),
                nonEmpty(raw.get("jolokia_policy"), null), nonEmpty(raw.get("jolokia_keystore"), null),
                nonEmpty(raw.get("jolokia_keystore_password"), null), JolokiaAccess.from(raw), jmx,
                nonEmpty(raw.get("jmx_host"), DEFAULT_HOST),
                rmi.isEmpty() ? null : Integer.valueOf(rmi), Map.copyOf(users),
                !isFalse(raw.getOrDefault("jmx_plaintext", "false")));
    }

    private static boolean isFalse(String v) {
        String b = v.strip().toLowerCase(Locale.ROOT);
        return b.equals("off") || b.equals("false") || b.equals("no") || b.equals("0");
    }

    private static String nonEmpty(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v;
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
