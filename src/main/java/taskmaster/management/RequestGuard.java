package taskmaster.management;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jolokia.core.util.EscapeUtil;
import org.jolokia.jvmagent.ParsedUri;

/**
 * What a browser must never do, refused before authentication and before Jolokia sees the request
 * (user filters of a JDK HttpContext run before its authenticator):
 * <ul>
 *   <li>a {@code Host} that is not ours (DNS rebinding: a page whose name now resolves to loopback);
 *   <li>an {@code Origin} (or, when none, a {@code Referer}) not in {@code jolokia_allow_origin}: a page
 *       elsewhere posting text/plain JSON or a form;
 *   <li>over GET, anything but read, list, search, version and the opening of a notification
 *       client's event stream (an {@code <img src=.../exec/...>} or a link), and JSONP
 *       ({@code callback}), which would hand a read to any page's script.
 * </ul>
 * Refusals are 403 with a short JSON fault and no CORS headers. A CORS preflight that passes is
 * answered here, so nothing unauthenticated reaches Jolokia.
 */
final class RequestGuard extends Filter {

    private static final Set<String> GET_TYPES = Set.of("read", "list", "search", "version");
    private static final Pattern HEADER_LIST = Pattern.compile("[A-Za-z0-9-]+(\\s*,\\s*[A-Za-z0-9-]+)*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*(%.*)?");

    private final String contextPath;
    private final Set<String> hosts;
    private final boolean anyLocalAddress;
    private final Set<String> origins;
    private final RefusalLog log;

    /**
     * @param hosts           the names and addresses a {@code Host} header may carry
     * @param anyLocalAddress bound to the wildcard: any address of this machine is ours too
     * @param origins         the allowed origins ({@code scheme://host[:port]})
     */
    RequestGuard(String contextPath, Set<String> hosts, boolean anyLocalAddress, List<String> origins, RefusalLog log) {
        this.contextPath = contextPath;
        this.hosts = hosts.stream().map(RequestGuard::normalizeHost).collect(java.util.stream.Collectors.toSet());
        this.anyLocalAddress = anyLocalAddress;
        this.origins =
                origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        this.log = log;
    }

    @Override
    public String description() {
        return "taskmaster: Host, Origin and GET checks";
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        String refusal = refusal(ex);
        if (refusal == null && ex.getRequestMethod().equalsIgnoreCase("OPTIONS")) {
            preflight(ex);
            return;
        }
        if (refusal == null) {
            chain.doFilter(ex);
            return;
        }
        log.refused(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRemoteAddress(), refusal);
        byte[] body = ("{\"status\":403,\"error_type\":\"Forbidden\",\"error\":\"" + refusal.replace("\"", "'")
                        + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(403, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        ex.close();
    }

    /**
     * A CORS preflight from an allowed origin (or with none), answered here: browsers send it
     * without credentials, and Jolokia 2.6's own answer to it is a 500.
     */
    private static void preflight(HttpExchange ex) throws IOException {
        Headers in = ex.getRequestHeaders();
        Headers out = ex.getResponseHeaders();
        String origin = in.getFirst("Origin");
        if (origin != null) {
            out.set("Access-Control-Allow-Origin", origin.strip());
            out.set("Access-Control-Allow-Credentials", "true");
            out.set("Access-Control-Allow-Methods", "GET, POST");
            String asked = in.getFirst("Access-Control-Request-Headers");
            out.set(
                    "Access-Control-Allow-Headers",
                    asked != null && HEADER_LIST.matcher(asked).matches() ? asked : "Authorization, Content-Type");
            out.set("Access-Control-Max-Age", "3600");
            out.set("Vary", "Origin");
        }
        ex.sendResponseHeaders(200, -1);
        ex.close();
    }

    /** Why the request is refused, or null. */
    String refusal(HttpExchange ex) {
        Headers h = ex.getRequestHeaders();
        List<String> host = h.get("Host");
        if (host == null || host.size() != 1) {
            return "forbidden: one Host header is required";
        }
        if (!hostAllowed(host.getFirst())) {
            return "forbidden: Host is not this daemon's address (add the name to jolokia_allow_host)";
        }
        List<String> origin = h.get("Origin");
        if (origin != null) {
            for (String o : origin) {
                if (!origins.contains(o.strip().toLowerCase(Locale.ROOT))) {
                    return "forbidden: Origin is not in jolokia_allow_origin";
                }
            }
        } else if (h.getFirst("Referer") != null && !origins.contains(originOf(h.getFirst("Referer")))) {
            return "forbidden: Referer is not from an origin in jolokia_allow_origin";
        }
        if (ex.getRequestMethod().equalsIgnoreCase("GET")) {
            return getRefusal(ex.getRequestURI());
        }
        return null;
    }

    /**
     * GET may only read: exec, write and the notification commands need POST, except
     * {@code notification/open/CLIENT/sse}: Server-Sent Events are a GET by definition (EventSource,
     * curl -N), and opening changes nothing but where a client registered over POST is sent its
     * notifications.
     */
    private String getRefusal(URI uri) {
        ParsedUri parsed = new ParsedUri(uri, contextPath);
        if (parsed.getParameterMap().containsKey("callback")) {
            return "forbidden: JSONP (callback) is off";
        }
        String path = parsed.getPathInfo();
        if (path == null || path.isEmpty() || path.matches("/+")) {
            // Jolokia then takes the path from the p parameter.
            path = parsed.getParameter("p");
        }
        if (path == null || path.isEmpty()) {
            return null; // a version request
        }
        String bare = path.startsWith("/") ? path.substring(1) : path;
        Deque<String> elements = EscapeUtil.extractElementsFromPath(bare);
        String type = elements.isEmpty() ? "version" : elements.peek().toLowerCase(Locale.ROOT);
        if (type.equals("notification") && isStreamOpen(List.copyOf(elements))) {
            return null;
        }
        if (!GET_TYPES.contains(type)) {
            return "forbidden: GET may only read, list, search or version; use POST";
        }
        return null;
    }

    /** {@code notification/open/CLIENT/sse}, nothing more: the only GET the notification command serves. */
    static boolean isStreamOpen(List<String> elements) {
        return elements.size() == 4
                && elements.get(1).equalsIgnoreCase("open")
                && !elements.get(2).isBlank()
                && elements.get(3).equals("sse");
    }

    private boolean hostAllowed(String header) {
        String v = header.strip();
        String name;
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            if (end < 0) {
                return false;
            }
            name = v.substring(1, end);
        } else {
            int colon = v.indexOf(':');
            name = colon < 0 ? v : v.substring(0, colon);
        }
        String n = normalizeHost(name);
        if (n.isEmpty()) {
            return false;
        }
        return hosts.contains(n) || anyLocalAddress && isLocalAddress(n);
    }

    /** Lower case, no trailing dot; an address in its canonical text form (so ::1 matches 0:0:0:0:0:0:0:1). */
    static String normalizeHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (IP_LITERAL.matcher(h).matches()) {
            try {
                // A literal: parsed, never looked up.
                String a = InetAddress.getByName(h).getHostAddress();
                int scope = a.indexOf('%');
                return scope < 0 ? a : a.substring(0, scope);
            } catch (UnknownHostException e) {
                return h;
            }
        }
        return h;
    }

    private static boolean isLocalAddress(String normalized) {
        if (!IP_LITERAL.matcher(normalized).matches()) {
            return false; // a name: only the configured ones (a rebinding page brings its own name)
        }
        try {
            InetAddress a = InetAddress.getByName(normalized);
            return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    /** {@code scheme://host[:port]} of a URL, lower case; "" when it has none. */
    static String originOf(String url) {
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return "";
            }
            return (u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()))
                    .toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
