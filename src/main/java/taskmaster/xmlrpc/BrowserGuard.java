package taskmaster.xmlrpc;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a web page must never make a browser do to the XML-RPC server, refused with 403 before
 * credentials are looked at: send a request with a foreign {@code Origin} (a page elsewhere posting
 * to the port), or, on a loopback listener, name another host in {@code Host} (DNS rebinding: a
 * page whose own name now resolves to 127.0.0.1). No real XML-RPC client sends an {@code Origin};
 * supervisorctl sends {@code Host: 127.0.0.1:PORT} (or {@code localhost}, or nothing usable over
 * the unix socket, where no browser reaches).
 */
final class BrowserGuard {

    private final Set<String> hosts;
    private final Set<String> origins;

    /**
     * @param hosts the names and addresses a {@code Host} may carry; null: not checked (a unix
     *              socket, or a network address, where the machine's names are not ours to list)
     * @param port  the bound port, for our own origin
     */
    BrowserGuard(Set<String> hosts, int port) {
        this.hosts = hosts == null ? null : normalized(hosts);
        this.origins = new HashSet<>();
        if (this.hosts != null) {
            for (String h : this.hosts) {
                origins.add("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port);
            }
        }
    }

    /** Why the request is refused, or null. */
    String refusal(List<String> host, List<String> origin) {
        for (String o : origin) {
            if (!origins.contains(o.strip().toLowerCase(Locale.ROOT))) {
                return "forbidden: a request from a web page (Origin " + shown(o) + ") is not served";
            }
        }
        if (hosts == null) {
            return null;
        }
        if (host.size() != 1) {
            return "forbidden: one Host header is required";
        }
        String name = hostName(host.getFirst());
        if (name == null || !hosts.contains(normalize(name))) {
            return "forbidden: Host " + shown(host.getFirst()) + " is not this server's address";
        }
        return null;
    }

    /** The name of a Host header, without its port; null when malformed. */
    static String hostName(String header) {
        String v = header.strip();
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            return end < 0 ? null : v.substring(1, end);
        }
        int colon = v.indexOf(':');
        String name = colon < 0 ? v : v.substring(0, colon);
        return name.isEmpty() ? null : name;
    }

    private static Set<String> normalized(Set<String> hosts) {
        Set<String> out = new HashSet<>();
        hosts.forEach(h -> out.add(normalize(h)));
        return out;
    }

    /** Lower case, no brackets, no trailing dot; an address literal in its canonical form (::1 for 0:0:0:0:0:0:0:1). */
    static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        try {
            String a = InetAddress.ofLiteral(h).getHostAddress();
            int scope = a.indexOf('%');
            a = scope < 0 ? a : a.substring(0, scope);
            return a.equals("0:0:0:0:0:0:0:1") ? "::1" : a;
        } catch (IllegalArgumentException e) {
            return h; // a name: compared as it is, never looked up
        }
    }

    private static String shown(String v) {
        String s = v.strip().replaceAll("[^\\x20-\\x7e]", "?");
        return "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
    }
}
