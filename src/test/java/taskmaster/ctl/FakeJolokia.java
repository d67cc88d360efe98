package taskmaster.ctl;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jolokia.json.JSONWriter;
import org.jolokia.json.parser.JSONParser;

/**
 * A stand-in for a daemon's Jolokia: JDK HttpServer on a free loopback port, answering each POSTed
 * request with what {@code answer} makes of it (a full Jolokia answer: value and status, or error;
 * null closes the connection without an answer).
 */
final class FakeJolokia implements AutoCloseable {

    final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    volatile int httpStatus = 200;

    @SuppressWarnings("unchecked")
    FakeJolokia(Function<Map<String, Object>, Map<String, Object>> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jolokia", ex -> {
            try (ex) {
                Map<String, Object> req;
                try {
                    req = (Map<String, Object>)
                            new JSONParser().parse(new InputStreamReader(ex.getRequestBody(), StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IOException(e);
                }
                requests.add(req);
                Map<String, Object> a = answer.apply(req);
                if (a == null) {
                    throw new IOException("no answer: the connection closes"); // the JDK server drops it
                }
                StringWriter w = new StringWriter();
                JSONWriter.serialize(a, w);
                byte[] body = w.toString().getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(httpStatus, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jolokia";
    }

    static Map<String, Object> ok(Object value) {
        return JolokiaClient.map("value", value, "status", 200);
    }

    static Map<String, Object> error(int status, String error) {
        return JolokiaClient.map("error_type", "java.lang.IllegalStateException", "error", error, "status", status);
    }

    static Map<String, Object> proc(String name, String state, long pid, String description) {
        return JolokiaClient.map(
                "name",
                name,
                "program",
                name.replaceAll("_\\d+$", ""),
                "group",
                name.replaceAll("_\\d+$", ""),
                "state",
                state,
                "pid",
                pid,
                "description",
                description,
                "startTime",
                0,
                "exitStatus",
                -1,
                "restarts",
                0,
                "spawnError",
                "",
                "wanted",
                true);
    }

    static Map<String, Object> result(String name, boolean ok, String fault, String message) {
        return JolokiaClient.map("name", name, "ok", ok, "fault", fault, "message", message);
    }

    /** Closes the server and every connection, the one being answered included. */
    void stopNow() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
