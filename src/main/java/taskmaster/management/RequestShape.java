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
import taskmaster.mbeans.Fault;

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
            String why = stackTraceAsked(queryParameters(ex.getRequestURI().getRawQuery()));
            if (why != null) {
                answer(ex, 400, fault(why));
                return;
            }
            next.handle(ex);
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            answer(
                    ex,
                    413,
                    fault(
                            413,
                            "BadRequest",
                            Fault.BAD_ARGUMENTS + ": the request body is larger than " + MAX_BODY + " bytes"));
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
            answers.add(fault(
                    why != null
                            ? why
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
        if (r.get("config") instanceof Map<?, ?> config) {
            String why = stackTraceAsked(config);
            if (why != null) {
                return why;
            }
        }
        return switch (type.toLowerCase(java.util.Locale.ROOT)) { // as Jolokia reads it
            case "exec" -> firstOf(name(r), exec(r));
            case "read" -> firstOf(name(r), strings(r, "attribute"), string(r, "path", false));
            case "write" -> firstOf(name(r), string(r, "attribute", true), string(r, "path", false));
            case "search" -> name(r);
            case "list" -> string(r, "path", false);
            case "version", "notification" -> null;
            default -> "\"type\" must be read, write, exec, search, list, version or notification";
        };
    }

    /** "mbean": a string that is an MBean name (Jolokia answers a malformed one in plain text). */
    private static String name(Map<?, ?> r) {
        String notString = string(r, "mbean", true);
        if (notString != null) {
            return notString;
        }
        try {
            new ObjectName((String) r.get("mbean"));
            return null;
        } catch (javax.management.MalformedObjectNameException e) {
            return "\"mbean\" is not an MBean name (domain:key=value,...)";
        }
    }

    private String exec(Map<?, ?> r) {
        String basic = string(r, "operation", true);
        if (basic != null) {
            return basic;
        }
        Object a = r.get("arguments");
        if (a != null && !(a instanceof List)) {
            return "\"arguments\" must be an array";
        }
        List<?> args = a == null ? List.of() : (List<?>) a;
        int given = args.size();
        String operation = (String) r.get("operation");
        String name = operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation;
        List<List<String>> signatures = signatures((String) r.get("mbean"), operation);
        if (signatures == null) {
            return null; // no such bean or operation: Jolokia's own fault says so
        }
        if (signatures.isEmpty()) {
            return "no operation " + operation + " on this bean";
        }
        List<Integer> counts = signatures.stream().map(List::size).toList();
        List<List<String>> fitting =
                signatures.stream().filter(sig -> sig.size() == given).toList();
        if (fitting.size() == 1) {
            return numbers(name, fitting.getFirst(), args); // Jolokia answers an unconvertible one in plain text
        }
        if (!fitting.isEmpty()) {
            return null;
        }
        return name + " takes "
                + counts.stream()
                        .distinct()
                        .sorted()
                        .map(String::valueOf)
                        .reduce((x, y) -> x + " or " + y)
                        .orElseThrow()
                + " argument(s), got " + given;
    }

    /** Integer parameters get a JSON integer in range, a decimal string in range, or null (the bean's own fault). */
    private static String numbers(String name, List<String> signature, List<?> args) {
        for (int i = 0; i < signature.size(); i++) {
            long min;
            long max;
            switch (signature.get(i)) {
                case "int", "java.lang.Integer" -> {
                    min = Integer.MIN_VALUE;
                    max = Integer.MAX_VALUE;
                }
                case "long", "java.lang.Long" -> {
                    min = Long.MIN_VALUE;
                    max = Long.MAX_VALUE;
                }
                default -> {
                    continue;
                }
            }
            Object v = args.get(i);
            boolean ok;
            if (v == null || v instanceof Double || v instanceof java.math.BigDecimal) {
                ok = true; // Jolokia converts a fraction itself; null is the bean's to refuse
            } else if (v instanceof Number n) {
                ok = !(v instanceof java.math.BigInteger) && n.longValue() >= min && n.longValue() <= max;
            } else if (v instanceof String t && t.matches("-?[0-9]{1,19}")) {
                try {
                    long l = Long.parseLong(t);
                    ok = l >= min && l <= max;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            } else {
                ok = false;
            }
            if (!ok) {
                return name + ": argument " + (i + 1) + " must be an integer from " + min + " to " + max;
            }
        }
        return null;
    }

    /**
     * The parameter types of the operations {@code operation} may mean on that bean: every
     * overload of the name, or the one of {@code name(type,...)}; null when the bean or the name
     * is unknown (Jolokia's fault says so), empty when a written signature matches none.
     */
    private List<List<String>> signatures(String mbean, String operation) {
        String name = operation;
        List<String> types = null;
        int open = operation.indexOf('(');
        if (open >= 0 && operation.endsWith(")")) {
            name = operation.substring(0, open);
            String inside =
                    operation.substring(open + 1, operation.length() - 1).strip();
            types = inside.isEmpty()
                    ? List.of()
                    : Arrays.stream(inside.split(",")).map(String::strip).toList();
        }
        List<List<String>> found = new ArrayList<>();
        boolean named = false;
        try {
            ObjectName on = new ObjectName(mbean);
            if (on.isPattern() || !server.isRegistered(on)) {
                return null;
            }
            for (MBeanOperationInfo op : server.getMBeanInfo(on).getOperations()) {
                if (!op.getName().equals(name)) {
                    continue;
                }
                named = true;
                List<String> sig = Arrays.stream(op.getSignature())
                        .map(MBeanParameterInfo::getType)
                        .toList();
                if (types == null || types.equals(sig)) {
                    found.add(sig);
                }
            }
        } catch (JMException | RuntimeException e) {
            return null; // a malformed name or a bean gone: Jolokia answers it
        }
        return named ? found : null;
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
        if (v == null
                || v instanceof String
                || v instanceof List<?> l && l.stream().allMatch(e -> e instanceof String)) {
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

    /**
     * Jolokia lets a request's includeStackTrace or serializeException win over the agent's false,
     * and a failing request then carried the daemon's stack trace or its exception's fields: a
     * request may only repeat false.
     */
    private static String stackTraceAsked(Map<?, ?> config) {
        for (String key : List.of("includeStackTrace", "serializeException")) {
            Object v = config.get(key);
            if (v != null && !String.valueOf(v).equalsIgnoreCase("false")) {
                return "config " + key + " = " + v + " is refused: the daemon sends no stack traces or exceptions"
                        + " (allowed: false)";
            }
        }
        return null;
    }

    /** The parameters of a query string, decoded; the first value of a repeated one wins. */
    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decoded(eq < 0 ? pair : pair.substring(0, eq));
            out.putIfAbsent(key, eq < 0 ? "" : decoded(pair.substring(eq + 1)));
        }
        return out;
    }

    /** A malformed escape is kept as it is: Jolokia refuses that request itself. */
    private static String decoded(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static Map<String, Object> fault(String why) {
        return fault(400, "BadRequest", Fault.BAD_ARGUMENTS + ": " + why);
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
