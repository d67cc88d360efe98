package taskmaster.soak;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONObject;
import org.jolokia.json.JSONWriter;
import org.jolokia.json.parser.JSONParser;

/**
 * The soak's only way to talk to the daemon: Jolokia over HTTP POST with basic auth. Everything
 * about how a client reaches the daemon (URL, credentials, headers) is here, so that a change of
 * the daemon's access rules changes this class only.
 */
final class SoakJolokia {

    /** One answer: the HTTP status, and the Jolokia fields when the body was JSON. */
    record Reply(
            int httpStatus, int status, Object value, String errorType, String error, boolean stackTrace, String body) {
        boolean ok() {
            return httpStatus == 200 && status == 200;
        }
    }

    /** No answer at all within the time given: the connection failed or the daemon never replied. */
    static final class Unanswered extends Exception {
        Unanswered(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI url;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** {@code user} null: no credentials. */
    SoakJolokia(URI url, String user, String password) {
        this.url = url;
        this.authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Reply read(String mbean, String attribute, Duration timeout) throws Unanswered {
        return post(Map.of("type", "read", "mbean", mbean, "attribute", attribute), timeout);
    }

    Reply exec(String mbean, String operation, Duration timeout, Object... args) throws Unanswered {
        return post(
                Map.of("type", "exec", "mbean", mbean, "operation", operation, "arguments", List.of(args)), timeout);
    }

    private Reply post(Map<String, ?> request, Duration timeout) throws Unanswered {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(request)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new Unanswered("no answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new Unanswered("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unanswered("interrupted", e);
        }
        Object parsed;
        try {
            parsed = new JSONParser().parse(r.body());
        } catch (Exception e) {
            parsed = null;
        }
        if (!(parsed instanceof JSONObject o)) {
            return new Reply(r.statusCode(), -1, null, null, null, false, r.body());
        }
        Number status = (Number) o.get("status");
        return new Reply(
                r.statusCode(),
                status == null ? -1 : status.intValue(),
                o.get("value"),
                (String) o.get("error_type"),
                (String) o.get("error"),
                o.containsKey("stacktrace"),
                r.body());
    }

    private static String json(Map<String, ?> request) {
        try {
            StringWriter w = new StringWriter();
            JSONWriter.serialize(request, w);
            return w.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
