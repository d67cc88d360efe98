package taskmaster.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.jolokia.json.JSONWriter;
import org.jolokia.json.parser.JSONParser;
import org.jolokia.json.parser.ParseException;
import taskmaster.mbeans.Fault;

/**
 * Jolokia over HTTP with the JDK client: one POST of JSON per call, basic auth sent up front.
 * Jolokia answers HTTP 200 even when a request failed; the JSON {@code status} says so, and this
 * class checks it on every answer. A failure whose text starts with a fault code
 * ({@code BAD_NAME: web: ...}) becomes a {@link CtlException} with that code; a daemon that does not
 * answer, refuses the credentials or the TLS handshake becomes {@link CtlException#UNREACHABLE}
 * with where it looked and why.
 */
public final class JolokiaClient {

    /** Start, stop and restart wait for the outcome: the daemon bounds them at 300 s. */
    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(330);

    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern FAULT = Pattern.compile("^(?:[\\w.$]+ : )?([A-Z_]+): (.*)$", Pattern.DOTALL);

    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final Target target;
    private final String authorization;
    /** The daemon was found serving the configuration the target names (see {@link DaemonIdentity}). */
    private volatile boolean identified;

    public JolokiaClient(Target target) {
        this.target = target;
        this.authorization = target.user() == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (target.user() + ":" + (target.password() == null ? "" : target.password()))
                                                .getBytes(StandardCharsets.UTF_8));
    }

    public Target target() {
        return target;
    }

    /** The value of an attribute. */
    public Object read(String mbean, String attribute) throws CtlException {
        return request(map("type", "read", "mbean", mbean, "attribute", attribute), READ_TIMEOUT);
    }

    /** The value an operation returns; waits as long as an operation may take. */
    public Object exec(String mbean, String operation, Object... args) throws CtlException {
        return request(
                map("type", "exec", "mbean", mbean, "operation", operation, "arguments", List.of(args)),
                OPERATION_TIMEOUT);
    }

    /**
     * One Jolokia request (a JSON object); its {@code value} when its status is 200. The first one
     * (and the first after the daemon could not be reached) checks first that the daemon serves the
     * configuration the URL was read from.
     */
    public Object request(Map<String, Object> request, Duration timeout) throws CtlException {
        try {
            if (!identified && target.mustServe() != null) {
                DaemonIdentity.check(
                        target,
                        call(
                                map("type", "read", "mbean", Supervisor.BEAN, "attribute", DaemonIdentity.ATTRIBUTES),
                                READ_TIMEOUT));
                identified = true;
            }
            return call(request, timeout);
        } catch (CtlException e) {
            if (e.fault().equals(CtlException.UNREACHABLE)) {
                identified = false; // whoever answers next may be another daemon
            }
            throw e;
        }
    }

    private Object call(Map<String, Object> request, Duration timeout) throws CtlException {
        Object answer = post(request, timeout);
        if (!(answer instanceof Map<?, ?> m)) {
            throw new CtlException(CtlException.PROTOCOL, target.url() + " did not answer like Jolokia: " + answer);
        }
        return valueOf(m);
    }

    private Object valueOf(Map<?, ?> answer) throws CtlException {
        Object status = answer.get("status");
        if (status instanceof Number n && n.intValue() == 200) {
            return answer.get("value");
        }
        String error = String.valueOf(answer.get("error"));
        Matcher m = FAULT.matcher(error);
        if (m.matches() && Fault.parse(m.group(1)).isPresent()) {
            throw new CtlException(m.group(1), m.group(1) + ": " + m.group(2));
        }
        if (status instanceof Number n && n.intValue() == 403) {
            throw new CtlException(CtlException.PROTOCOL, "refused by the daemon's Jolokia policy: " + error);
        }
        if (status instanceof Number n && n.intValue() == 404) {
            throw new CtlException(
                    CtlException.PROTOCOL,
                    target.url() + " is not a taskmaster daemon, or not" + " a compatible one: " + error);
        }
        throw new CtlException(Fault.FAILED.name(), error);
    }

    private Object post(Object body, Duration timeout) throws CtlException {
        StringWriter json = new StringWriter();
        try {
            JSONWriter.serialize(body, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // HttpURLConnection rather than java.net.http.HttpClient: building an HttpClient sets up
        // TLS and a selector thread even for plain http, 0.3 s of a one-shot command's 0.8 s;
        // this one pays for TLS only on https.
        int status;
        String answer;
        HttpURLConnection c = null;
        boolean sent = false;
        try {
            c = (HttpURLConnection) target.uri().toURL().openConnection();
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout((int) timeout.toMillis());
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            byte[] out = json.toString().getBytes(StandardCharsets.UTF_8);
            c.setFixedLengthStreamingMode(out.length);
            try (OutputStream o = c.getOutputStream()) {
                o.write(out);
            }
            sent = true;
            status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                // A virtual thread's socket read ends at once when the thread is interrupted (Ctrl-C at
                // the prompt); the daemon has the request and carries it out all the same.
                throw new CtlException(
                        CtlException.INTERRUPTED,
                        sent && isExec(body) ? "interrupted; the operation goes on in the daemon" : "interrupted",
                        sent);
            }
            throw unreachable(e, sent);
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
        if (status == 401 || status == 403) {
            throw new CtlException(
                    CtlException.UNREACHABLE,
                    target.describe() + ": HTTP " + status
                            + (target.user() == null
                                    ? ", the daemon wants a user and password"
                                    : ", user '" + target.user() + "' and its password were refused")
                            + "\n  give them with -u USER -p PASSWORD, TASKMASTER_USER"
                            + " and TASKMASTER_PASSWORD, or jolokia_user and jolokia_password in the configuration"
                            + (target.mustServe() == null
                                    ? ""
                                    : "\n  (each daemon has its own generated secret: if another"
                                            + " taskmasterd holds this address, it is not the daemon of "
                                            + target.mustServe() + ")"));
        }
        if (status != 200) {
            throw new CtlException(
                    CtlException.UNREACHABLE,
                    target.describe() + ": HTTP " + status
                            + ", not a Jolokia agent at this path (expected .../jolokia)");
        }
        try {
            return new JSONParser().parse(answer);
        } catch (ParseException | IOException e) {
            throw new CtlException(CtlException.PROTOCOL, target.url() + " did not answer JSON: " + e.getMessage());
        }
    }

    /**
     * Opens a long-lived GET of {@code url + path} that must answer {@code text/event-stream}: a
     * Jolokia notification client's Server-Sent Events. Its reads time out after {@code idle} (the
     * agent sends a heartbeat every 10 s). Refused, or answered with anything else: a
     * {@link CtlException}, and the caller uses pull instead.
     */
    HttpURLConnection openStream(String path, Duration idle) throws CtlException {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection)
                    java.net.URI.create(target.url() + path).toURL().openConnection();
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout((int) idle.toMillis());
            c.setRequestProperty("Accept", "text/event-stream");
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            int status = c.getResponseCode();
            String type = c.getContentType();
            if (status != 200
                    || type == null
                    || !type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
                throw new CtlException(
                        CtlException.PROTOCOL,
                        target.describe() + ": no event stream (HTTP " + status + ", " + type + ")");
            }
            return c;
        } catch (IOException e) {
            if (c != null) {
                c.disconnect();
            }
            throw unreachable(e, true);
        } catch (CtlException e) {
            c.disconnect();
            throw e;
        }
    }

    private static boolean isExec(Object body) {
        return body instanceof Map<?, ?> m && "exec".equals(m.get("type"));
    }

    private CtlException unreachable(IOException e, boolean sent) {
        String why;
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            why = "connection refused (no daemon listening there)";
        } else if (e instanceof SocketTimeoutException && "Connect timed out".equalsIgnoreCase(e.getMessage())) {
            why = "no answer to the connection within 5 s";
        } else if (e instanceof SocketTimeoutException) {
            why = "the daemon did not answer in time";
        } else if (sent) {
            why = "the connection closed before an answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        } else if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            why = "TLS failed (" + e.getMessage() + "); is the URL's scheme right (http or https), and is the"
                    + " daemon's certificate trusted (-Djavax.net.ssl.trustStore=... in TASKMASTER_CTL_OPTS)?";
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new CtlException(
                CtlException.UNREACHABLE,
                target.describe() + ": " + why
                        + "\n  start a daemon with: bin/taskmasterd -c " + target.startHint()
                        + "\n  or point at another with -c FILE, -s URL or TASKMASTER_URL",
                sent);
    }

    /** A map keeping the order of its pairs: {@code map("type", "read", "mbean", ...)}. */
    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
