package taskmaster.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jolokia.json.JSONWriter;
import org.jolokia.json.parser.JSONParser;

/**
 * Refuses a POST body whose requests Jolokia 2.6 would misread, before Jolokia sees it: exec with
 * more arguments than the operation takes (Jolokia runs it and takes the extras as a path into
 * the result, so {@code shutdown ["x"]} shut the daemon down), with fewer (a plain-text 400), and
 * fields of the wrong JSON type (answered with a JDK exception's text). Wraps Jolokia's handler,
 * not a filter: user filters of a JDK HttpContext run before its authenticator, and an
 * unauthenticated client must learn nothing but 401. A refusal is HTTP 400 with a JSON fault, as
 * RequestGuard's refusals carry their status in both; a bulk gets an array, one fault per request.
 * A body that passes is handed on byte for byte.
 */
final class RequestShape implements HttpHandler {

    /** Larger bodies are refused unread: the largest real request is a 1 MiB sendStdin text. */
    static final int MAX_BODY = 8 << 20;

    private final HttpHandler next;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    RequestShape(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equalsIgnoreCase("POST")) {
            next.handle(ex);
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            answer(ex, 413, fault(413, "RequestTooLarge", "BAD_ARGUMENTS: the request body is larger than "
                    + MAX_BODY + " bytes"));
            return;
        }
        Object parsed;
        try {
            parsed = new JSONParser().parse(new String(body, StandardCharsets.UTF_8));
        } catch (Exception | StackOverflowError e) {
            answer(ex, 400, fault("the request body is not JSON"));
            return;
        }
        Object refusal = refusal(parsed);
        if (refusal != null) {
            answer(ex, 400, refusal);
            return;
        }
        ex.setStreams(new ByteArrayInputStream(body), null);
        next.handle(ex);
    }

    /** The fault (an object, or an array for a bulk) to answer instead of Jolokia, or null. */
    Object refusal(Object parsed) {
        if (!(parsed instanceof List<?> bulk)) {
            String why = problem(parsed);
            return why == null ? null : fault(why);
        }
        List<String> problems = bulk.stream().map(this::problem).toList();
        int first = 0;
        while (first < problems.size() && problems.get(first) == null) {
            first++;
        }
        if (first == problems.size()) {
            return null;
        }
        List<Object> answers = new ArrayList<>();
        for (String why : problems) {
            answers.add(fault(why != null ? why
                    : "not run: request " + (first + 1) + " of this bulk is malformed, so none runs"));
        }
        return answers;
    }

    /** What is wrong with one request, or null. */
    String problem(Object request) {
        if (!(request instanceof Map<?, ?> r)) {
            return "a request must be a JSON object";
        }
        if (!(r.get("type") instanceof String type)) {
            return "\"type\" must be a string";
        }
        return switch (type) {
            case "exec" -> exec(r);
            case "read" -> firstOf(string(r, "mbean", true), strings(r, "attribute"), string(r, "path", false));
            case "write" -> firstOf(string(r, "mbean", true), string(r, "attribute", true), string(r, "path", false));
            case "search" -> string(r, "mbean", true);
            case "list" -> string(r, "path", false);
            default -> null; // Jolokia answers an unknown type with its own fault
        };
    }

    private String exec(Map<?, ?> r) {
        String basic = firstOf(string(r, "mbean", true), string(r, "operation", true));
        if (basic != null) {
            return basic;
        }
        Object a = r.get("arguments");
        if (a != null && !(a instanceof List)) {
            return "\"arguments\" must be an array";
        }
        int given = a == null ? 0 : ((List<?>) a).size();
        String operation = (String) r.get("operation");
        List<Integer> counts = parameterCounts((String) r.get("mbean"), operation);
        if (counts.isEmpty() || counts.contains(given)) {
            return null; // no such bean or operation: Jolokia's own fault says so
        }
        String name = operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation;
        return name + " takes " + counts.stream().distinct().sorted().map(String::valueOf)
                .reduce((x, y) -> x + " or " + y).orElseThrow() + " argument(s), got " + given;
    }

    /**
     * The parameter counts of the operations {@code operation} may mean on that bean: every
     * overload of the name, or the one of {@code name(type,...)}; empty when none or no such bean.
     */
    private List<Integer> parameterCounts(String mbean, String operation) {
        String name = operation;
        List<String> types = null;
        int open = operation.indexOf('(');
        if (open >= 0 && operation.endsWith(")")) {
            name = operation.substring(0, open);
            String inside = operation.substring(open + 1, operation.length() - 1).strip();
            types = inside.isEmpty() ? List.of() : Arrays.stream(inside.split(",")).map(String::strip).toList();
        }
        List<Integer> counts = new ArrayList<>();
        try {
            ObjectName on = new ObjectName(mbean);
            if (on.isPattern() || !server.isRegistered(on)) {
                return counts;
            }
            for (MBeanOperationInfo op : server.getMBeanInfo(on).getOperations()) {
                if (!op.getName().equals(name)) {
                    continue;
                }
                List<String> sig = Arrays.stream(op.getSignature()).map(MBeanParameterInfo::getType).toList();
                if (types == null || types.equals(sig)) {
                    counts.add(sig.size());
                }
            }
        } catch (JMException | RuntimeException e) {
            return List.of(); // a malformed name or a bean gone: Jolokia answers it
        }
        return counts;
    }

    private static String string(Map<?, ?> r, String key, boolean required) {
        Object v = r.get(key);
        if (v == null && !required) {
            return null;
        }
        return v instanceof String ? null : "\"" + key + "\" must be a string";
    }

    /** Absent, a string, or an array of strings (a read of several attributes). */
    private static String strings(Map<?, ?> r, String key) {
        Object v = r.get(key);
        if (v == null || v instanceof String || v instanceof List<?> l && l.stream().allMatch(e -> e instanceof String)) {
            return null;
        }
        return "\"" + key + "\" must be a string or an array of strings";
    }

    private static String firstOf(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static Map<String, Object> fault(String why) {
        return fault(400, "BadRequest", "BAD_ARGUMENTS: " + why);
    }

    private static Map<String, Object> fault(int status, String type, String error) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("status", status);
        f.put("error_type", type);
        f.put("error", error);
        return f;
    }

    private static void answer(HttpExchange ex, int status, Object fault) throws IOException {
        StringWriter w = new StringWriter();
        JSONWriter.serialize(fault, w);
        byte[] out = (w + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
        ex.close();
    }
}
