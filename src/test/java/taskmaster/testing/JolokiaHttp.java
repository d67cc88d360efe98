package taskmaster.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.jolokia.json.JSONWriter;
import org.jolokia.json.parser.JSONParser;

/**
 * A test's Jolokia client: real HTTP with basic auth, answers parsed as JSON. A failed connection
 * is an exception, so an await on it fails at once rather than at its bound.
 */
public class JolokiaHttp {

    public static final Duration BOUND = Duration.ofSeconds(60);

    public final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** {@code http://127.0.0.1:PORT/jolokia}. */
    public String url;
    /** Null: no Authorization header. */
    public String user;

    public String password;

    public JolokiaHttp as(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    /** The Authorization header's value for the current user. */
    public String basicAuth() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> send(HttpRequest.Builder b) {
        if (user != null) {
            b.header("Authorization", basicAuth());
        }
        try {
            return http.send(b.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET {@code url + path}; the parsed JSON object. */
    public JSONObject get(String path) {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(URI.create(url + path)).GET());
        return (JSONObject) parse(r.body());
    }

    /** A request (Maps, Lists, strings, numbers) as the JSON text Jolokia reads. */
    public static String json(Object request) {
        try {
            StringWriter w = new StringWriter();
            JSONWriter.serialize(request, w);
            return w.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POST one request (a Map) or a bulk (a List); the parsed JSON answer. */
    public Object post(Object request) {
        String body = json(request);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return parse(r.body());
    }

    public JSONObject postOne(Map<String, ?> request) {
        return (JSONObject) post(request);
    }

    public JSONArray postBulk(List<? extends Map<String, ?>> requests) {
        return (JSONArray) post(requests);
    }

    /** The value of a successful request; fails with the JSON when its status is not 200. */
    public static Object value(JSONObject answer) {
        if (((Number) answer.get("status")).intValue() != 200) {
            throw new AssertionError("not 200: " + answer);
        }
        return answer.get("value");
    }

    public Object read(String mbean, String attribute) {
        return value(postOne(Map.of("type", "read", "mbean", mbean, "attribute", attribute)));
    }

    public JSONObject exec(String mbean, String operation, Object... args) {
        return postOne(Map.of("type", "exec", "mbean", mbean, "operation", operation, "arguments", List.of(args)));
    }

    public static Object parse(String json) {
        try {
            return new JSONParser().parse(json);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    public void awaitState(String mbean, String state) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> state.equals(read(mbean, "State")));
    }
}
