package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.JolokiaHttp;
import taskmaster.testing.TestDaemon;

/**
 * Bad requests to every taskmaster operation and attribute of a real daemon, enumerated from its
 * MBeanInfo (Jolokia's list): malformed JSON, wrong argument types and counts, nulls, huge strings
 * and numbers. Each answer is JSON, with an error or a proper result; none carries a stack trace,
 * a JVM-internal exception type or an exception's text; and the daemon answers a read after every
 * operation's batch.
 */
@SuppressWarnings("unchecked")
class JolokiaFuzzTest {
    private static final String SUP = "taskmaster:type=Supervisor";
    private static final String PROGRAMS = """
        [one]
        cmd = sleep 100000
        starttime = 0
        stoptime = 1
        [piped]
        cmd = cat
        stdin = pipe
        stdout = %(here)s/piped.out
        starttime = 0
        stoptime = 1
        [manual]
        cmd = sleep 100000
        autostart = false
        starttime = 0
        stoptime = 1
        """;
    private static final String MEGABYTE = "n".repeat(1 << 20);
    /** The types an error may have: the contract's, and Jolokia's own for requests it refuses. */
    private static final Pattern ALLOWED_ERROR_TYPES = Pattern.compile("java\\.lang\\.(IllegalArgumentException"
            + "|IllegalStateException|UnsupportedOperationException)|javax\\.management\\.\\w+"
            + "|java\\.lang\\.SecurityException|org\\.jolokia\\.[\\w.]+|BadRequest|Forbidden");

    private static final Pattern LEAK = Pattern.compile("\\tat |Exception|\\.java:\\d+|taskmaster\\.[a-z]+\\.[A-Z]");

    private static final Object[] STRINGS = {
        null,
        "",
        " ",
        ",,,",
        "nope",
        "one",
        "ü😀\u0000\u202e",
        "%(",
        "-1",
        "9999999999999999999999",
        MEGABYTE,
        5,
        -1,
        1.5,
        true,
        List.of(),
        Map.of("a", 1)
    };
    private static final Object[] NUMBERS = {
        null,
        0,
        -1,
        1,
        1_048_577,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        "99999999999999999999999",
        1.5,
        "abc",
        "",
        true,
        List.of(1),
        Map.of(),
        MEGABYTE
    };

    @TempDir
    Path dir;

    private final Map<String, Integer> errorKinds = new TreeMap<>();
    private final List<String> leaks = new ArrayList<>();
    private int requests;
    /** Calls with the wrong argument count that were not refused with BAD_ARGUMENTS. */
    private final List<String> notRefused = new ArrayList<>();

    @Test
    void everyOperationAndAttributeAnswersBadInputWithAJsonError() throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl()) {
            d.awaitState("taskmaster:type=Process,program=one,name=one", "RUNNING");
            d.awaitState("taskmaster:type=Process,program=piped,name=piped", "RUNNING");
            long t0 = System.nanoTime();
            JSONObject beans = (JSONObject) TestDaemon.value(d.postOne(Map.of("type", "list", "path", "taskmaster")));
            int operations = 0;
            int attributes = 0;
            for (var bean : beans.entrySet()) {
                if (bean.getKey().contains("=manual")) {
                    continue; // a third bean of a kind runs the same code: left out to keep the run short
                }
                String mbean = "taskmaster:" + bean.getKey();
                JSONObject info = (JSONObject) bean.getValue();
                JSONObject ops = (JSONObject) info.getOrDefault("op", new JSONObject());
                for (var op : ops.entrySet()) {
                    // Overloaded operations are listed as an array of signatures.
                    List<JSONObject> signatures = op.getValue() instanceof JSONArray a
                            ? (List<JSONObject>) (List<?>) a
                            : List.of((JSONObject) op.getValue());
                    for (JSONObject sig : signatures) {
                        fuzzOperation(d, mbean, op.getKey(), (List<JSONObject>) sig.get("args"));
                        operations++;
                    }
                    stillServing(d);
                }
                JSONObject attrs = (JSONObject) info.getOrDefault("attr", new JSONObject());
                for (String attr : attrs.keySet()) {
                    fuzzAttribute(d, mbean, attr);
                    attributes++;
                }
                stillServing(d);
            }
            malformed(d);
            stillServing(d);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf(
                    "JolokiaFuzzTest: %d beans, %d operations, %d attributes, %d requests in %d ms"
                            + "; JSON errors by type: %s%n",
                    beans.size(), operations, attributes, requests, ms, errorKinds);
            assertThat(leaks).as("answers that leak internals").isEmpty();
            assertThat(notRefused).as("wrong argument counts not refused").isEmpty();
            assertThat(operations).isGreaterThan(30);
            assertThat(attributes).isGreaterThan(30);
            assertThat(d.process.isAlive()).isTrue();
        }
    }

    private void fuzzOperation(TestDaemon d, String mbean, String op, List<JSONObject> args) {
        // Run with values, these take away what the rest of the fuzz needs: shutdown the daemon,
        // removeProcessGroup the program "one" of the pool (stopped by then); their wrong counts
        // are still sent. AddRemoveGroupTest sends removeProcessGroup its bad values.
        boolean shutdown = op.equals("shutdown") || op.equals("removeProcessGroup");
        List<Object> valid = new ArrayList<>();
        for (JSONObject a : args) {
            valid.add(validFor((String) a.get("type")));
        }
        if (op.equals("scale")) {
            // A program's valid count keeps its processes as they are only when it is the one it
            // has: scale(10) would replace the process "one" the rest of the fuzz talks to by one_00...
            valid.set(0, 1);
        }
        if (!shutdown) {
            for (int i = 0; i < args.size(); i++) {
                for (Object bad : poolFor((String) args.get(i).get("type"))) {
                    List<Object> call = new ArrayList<>(valid);
                    call.set(i, bad);
                    exec(d, mbean, op, call);
                }
            }
            exec(d, mbean, op, valid);
        }
        // Wrong counts, shutdown's too: refused by RequestShape before Jolokia, which ran an
        // operation given too many and took the extras as a path into its result.
        if (!args.isEmpty()) {
            wrongCount(d, mbean, op, List.of());
        }
        List<Object> more = new ArrayList<>(valid);
        more.add("extra");
        wrongCount(d, mbean, op, more);
        wrongCount(d, mbean, op, new ArrayList<>(java.util.Collections.nCopies(args.size() + 20, "x")));
        if (args.size() > 1) {
            wrongCount(d, mbean, op, valid.subList(0, 1));
        }
        Map<String, Object> noSuchOp = request("exec", mbean);
        noSuchOp.put("operation", op + "(java.lang.String,int,int)");
        noSuchOp.put("arguments", List.of("a", 1, 2));
        check(d, noSuchOp);
    }

    private String exec(TestDaemon d, String mbean, String op, List<Object> args) {
        Map<String, Object> r = request("exec", mbean);
        r.put("operation", op);
        r.put("arguments", args);
        return check(d, r);
    }

    private void wrongCount(TestDaemon d, String mbean, String op, List<Object> args) {
        String body = exec(d, mbean, op, args);
        if (!body.contains("\"error\":\"BAD_ARGUMENTS: " + op + " takes ")) {
            notRefused.add(mbean + " " + op + " with " + args.size() + " argument(s) -> " + shorten(body));
        }
    }

    private void fuzzAttribute(TestDaemon d, String mbean, String attr) {
        Map<String, Object> read = request("read", mbean);
        read.put("attribute", attr);
        check(d, read);
        read.put("path", "no/such/path/" + MEGABYTE.substring(0, 1000));
        check(d, read);
        for (Object v : new Object[] {null, "x", -1, Long.MAX_VALUE, MEGABYTE, Map.of("a", List.of())}) {
            Map<String, Object> write = request("write", mbean);
            write.put("attribute", attr);
            write.put("value", v);
            check(d, write);
        }
    }

    /** Bodies that are not a request at all, and names that are not MBeans. */
    private void malformed(TestDaemon d) {
        List<String> bodies = List.of(
                "",
                " ",
                "{",
                "[",
                "]",
                "}",
                "null",
                "123",
                "\"s\"",
                "true",
                "{\"type\":}",
                "{\"type\":\"exec\"}",
                "{\"type\":\"exec\",\"mbean\":\"" + SUP + "\"}",
                "{\"type\":\"nope\",\"mbean\":\"" + SUP + "\"}",
                "[{\"type\":\"read\"},7,null]",
                "{\"type\":\"read\",\"mbean\":\"" + MEGABYTE + "\"}",
                "{\"type\":\"read\",\"mbean\":\"taskmaster:type=Process,name=\\u0000\"}",
                "{\"type\":\"exec\",\"mbean\":\"taskmaster:*\",\"operation\":\"stop\",\"arguments\":[\"all\"]}",
                "{\"type\":\"read\",\"mbean\":\"taskmaster:type=Nope\",\"attribute\":\"X\"}",
                "{\"type\":\"exec\",\"mbean\":\"" + SUP + "\",\"operation\":\"start\",\"arguments\":[\"one\"]"
                        + ",\"config\":{\"maxDepth\":-1,\"serializeException\":true,\"includeStackTrace\":true}}",
                "[".repeat(50_000),
                "{\"a\":".repeat(50_000),
                "{\"type\":\"read\",\"mbean\":\"" + SUP + "\",\"attribute\":" + "9".repeat(100_000) + "}",
                " ".repeat(4 << 20));
        for (String body : bodies) {
            raw(d, body.getBytes(StandardCharsets.UTF_8));
        }
        raw(d, new byte[] {'{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        // Shapes Jolokia 2.6 fails on while building the request (a JDK exception's type and text):
        // RequestShape refuses them first.
        for (String body : List.of(
                "{\"type\":\"exec\",\"mbean\":\"" + SUP + "\",\"operation\":null}",
                "{\"type\":5}",
                "{\"type\":\"exec\",\"mbean\":\"" + SUP + "\",\"operation\":\"stop\",\"arguments\":{\"a\":1}}")) {
            raw(d, body.getBytes(StandardCharsets.UTF_8));
        }
        for (String path : List.of(
                "/exec/" + SUP + "/start/" + "x".repeat(10_000),
                "/read/taskmaster:type=Nope/X",
                "/exec/" + SUP + "/readLog/abc/-5",
                "/exec/" + SUP + "/signal/nope",
                "/read/" + SUP + "/Processes/" + "%2F".repeat(100),
                "/exec/" + SUP + "/update/" + URLEncoder.encode("ü😀", StandardCharsets.UTF_8))) {
            HttpResponse<String> r =
                    d.send(HttpRequest.newBuilder(URI.create(d.url + path)).GET());
            inspect(path, r.statusCode(), r.body());
        }
    }

    private void raw(TestDaemon d, byte[] body) {
        HttpResponse<String> r = d.send(HttpRequest.newBuilder(URI.create(d.url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        inspect(shorten(new String(body, StandardCharsets.UTF_8)), r.statusCode(), r.body());
    }

    private static Map<String, Object> request(String type, String mbean) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", type);
        r.put("mbean", mbean);
        return r;
    }

    /** Sends, inspects; the answer's body. */
    private String check(TestDaemon d, Map<String, Object> request) {
        String body = JolokiaHttp.json(request);
        HttpResponse<String> r;
        try {
            r = d.send(HttpRequest.newBuilder(URI.create(d.url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        } catch (IllegalStateException e) {
            throw new AssertionError("no answer to " + shorten(body) + "; daemon log:\n" + d.log(), e);
        }
        inspect(shorten(body), r.statusCode(), r.body());
        return r.body();
    }

    private void inspect(String what, int status, String body) {
        requests++;
        Object json;
        try {
            json = TestDaemon.parse(body);
        } catch (IllegalStateException e) {
            leaks.add(what + " -> HTTP " + status + ", not JSON: " + shorten(body));
            return;
        }
        List<JSONObject> answers = json instanceof JSONArray a
                ? (List<JSONObject>) (List<?>) a
                : json instanceof JSONObject o ? List.of(o) : List.of();
        if (answers.isEmpty()) {
            leaks.add(what + " -> neither a JSON object nor an array: " + shorten(body));
        }
        for (Object item : answers) {
            if (!(item instanceof JSONObject o)) {
                leaks.add(what + " -> bulk item is not an object: " + shorten(body));
                continue;
            }
            if (o.containsKey("stacktrace") || o.containsKey("error_value")) {
                leaks.add(what + " -> stacktrace or serialized exception: " + shorten(o.toString()));
            }
            Object type = o.get("error_type");
            if (type != null) {
                errorKinds.merge(String.valueOf(type), 1, Integer::sum);
                if (!ALLOWED_ERROR_TYPES.matcher(String.valueOf(type)).matches()) {
                    leaks.add(what + " -> error_type " + type + ": " + shorten(String.valueOf(o.get("error"))));
                }
            }
            Object error = o.get("error");
            if (error != null && LEAK.matcher(String.valueOf(error)).find()) {
                leaks.add(what + " -> error text: " + shorten(String.valueOf(error)));
            }
        }
    }

    /** A read after each batch: the daemon still answers, with the right value. */
    private void stillServing(TestDaemon d) {
        assertThat(d.read(SUP, "State")).as("daemon state after a batch").isIn("RUNNING", "RELOADING");
        assertThat(d.process.isAlive()).isTrue();
    }

    private static Object validFor(String type) {
        return switch (type) {
            case "int", "java.lang.Integer", "long", "java.lang.Long" -> 10;
            case "boolean", "java.lang.Boolean" -> false;
            default -> "nope";
        };
    }

    private static List<Object> poolFor(String type) {
        return Arrays.asList(
                switch (type) {
                    case "int", "java.lang.Integer", "long", "java.lang.Long" -> NUMBERS;
                    default -> STRINGS;
                });
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...(" + s.length() + " chars)";
    }
}
