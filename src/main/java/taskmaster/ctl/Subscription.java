package taskmaster.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jolokia.json.parser.JSONParser;

/**
 * A Jolokia notification client listening to {@code taskmaster:type=Supervisor} (or to one bean,
 * for one notification type: {@link #pushOnly}). Pushed where the
 * agent offers it: the register answer lists an {@code sse} backend, the client opens
 * {@code GET notification/open/ID/sse} and then adds its listener in mode {@code sse}, so that
 * nothing sent after the add is missed. Pulled otherwise (no such backend, the stream refused,
 * or the stream broken later): a listener in mode {@code pull} and the notification store's
 * {@code pull} every {@link #POLL}. The client is always unregistered on close, since Jolokia
 * never expires stale clients.
 */
final class Subscription implements AutoCloseable {

    /** @param warning what went wrong on the way (the stream broke and pull took over), or null */
    record Batch(long dropped, List<Map<String, Object>> notifications, String warning) {
        Batch(long dropped, List<Map<String, Object>> notifications) {
            this(dropped, notifications, null);
        }
    }

    /** The pull interval. */
    static final Duration POLL = Duration.ofMillis(250);

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Three of the agent's 10 s heartbeats missed: the stream is dead. */
    private static final Duration STREAM_IDLE = Duration.ofSeconds(30);

    private static final String DEFAULT_STORE = "jolokia:type=NotificationStore,agent=taskmaster";

    private final JolokiaClient client;
    private final String mbean;
    private final String type;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Replaced when a broken stream gives way to pull; close() may read them from a shutdown hook.
    private volatile String id;
    private String store;
    private String handle;
    /** The event stream, or null when pulling. */
    private volatile HttpURLConnection stream;

    private BufferedReader events;
    private boolean pulledOnce;

    private Subscription(JolokiaClient client, String mbean, String type) {
        this.client = client;
        this.mbean = mbean;
        this.type = type;
    }

    /** Pushed when the agent offers it and its stream opens, else pulled. */
    static Subscription open(JolokiaClient client) throws CtlException {
        return open(client, true);
    }

    /** {@code push = false}: pulled, whatever the agent offers. */
    static Subscription open(JolokiaClient client, boolean push) throws CtlException {
        Subscription s = new Subscription(client, Supervisor.BEAN, "jmx.attribute.change");
        s.subscribe(push, true);
        return s;
    }

    /**
     * The notifications of {@code type} from {@code mbean}, pushed; null (and nothing left
     * registered) when the agent offers no stream or refuses it, so that the caller polls what it
     * would be told of. A stream that breaks later goes on by pull, as {@link #next} says.
     */
    static Subscription pushOnly(JolokiaClient client, String mbean, String type) throws CtlException {
        Subscription s = new Subscription(client, mbean, type);
        s.subscribe(true, false);
        return s.id == null ? null : s;
    }

    /** {@code orPull = false}: when the stream does not open, nothing is left registered and {@link #id} stays null. */
    private void subscribe(boolean push, boolean orPull) throws CtlException {
        Map<?, ?> reg = register(client);
        String id = Supervisor.str(reg, "id");
        Map<?, ?> backends = reg.get("backend") instanceof Map<?, ?> b ? b : Map.of();
        if (push && backends.containsKey("sse")) {
            HttpURLConnection c = null;
            try {
                c = client.openStream("/notification/open/" + id + "/sse", STREAM_IDLE);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                handle = add(id, "sse");
                this.id = id;
                events = in;
                stream = c;
                return;
            } catch (CtlException | IOException e) {
                // refused (a policy that allows POST only, a proxy), or an agent that cannot stream: pull
                if (c != null) {
                    c.disconnect();
                }
                unregister(client, id);
                if (Thread.currentThread().isInterrupted()) {
                    throw e instanceof CtlException ce ? ce : new CtlException(CtlException.INTERRUPTED, "interrupted");
                }
                if (!orPull) {
                    return;
                }
                reg = register(client);
                id = Supervisor.str(reg, "id");
                backends = reg.get("backend") instanceof Map<?, ?> b ? b : Map.of();
            }
        }
        if (!orPull) {
            unregister(client, id); // no stream offered
            return;
        }
        String store = DEFAULT_STORE;
        if (backends.get("pull") instanceof Map<?, ?> pull && pull.get("store") != null) {
            store = pull.get("store").toString();
        }
        try {
            handle = add(id, "pull");
            this.store = store;
            this.id = id;
        } catch (CtlException e) {
            unregister(client, id);
            throw e;
        }
    }

    /** Whether notifications come pushed over Server-Sent Events. */
    boolean pushed() {
        return stream != null;
    }

    /**
     * The next notifications: pushed, as soon as the agent sends them; pulled, every {@link #POLL}
     * (the first at once). Empty when interrupted. A broken stream goes on by pull, saying so on
     * {@code warnings}.
     */
    Batch next() throws CtlException {
        if (stream == null) {
            if (pulledOnce) {
                try {
                    Thread.sleep(POLL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Batch(0, List.of());
                }
            }
            pulledOnce = true;
            return pull();
        }
        try {
            return read();
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted() || closed.get()) {
                return new Batch(0, List.of());
            }
            // A daemon gone fails the new subscription with the usual UNREACHABLE; one still there is pulled.
            HttpURLConnection broken = stream;
            stream = null;
            events = null;
            broken.disconnect();
            unregister(client, id);
            subscribe(false, true);
            return new Batch(
                    0,
                    List.of(),
                    "the event stream ended (" + e.getMessage() + "); pulling from now on, events in between are lost");
        }
    }

    /** One Server-Sent Event: its data lines (a Jolokia notification result), comments (heartbeats) skipped. */
    private Batch read() throws IOException, CtlException {
        StringBuilder data = new StringBuilder();
        while (true) {
            String line = events.readLine();
            if (line == null) {
                throw new IOException("closed by the daemon");
            }
            if (line.isEmpty()) {
                if (data.isEmpty()) {
                    continue;
                }
                Object parsed;
                try {
                    parsed = new JSONParser().parse(data.toString());
                } catch (Exception e) {
                    throw new CtlException(CtlException.PROTOCOL, "an event that is not JSON: " + data);
                }
                Map<?, ?> m = parsed instanceof Map<?, ?> x ? x : Map.of();
                return new Batch(Supervisor.number(m.get("dropped")), Supervisor.maps(m.get("notifications")));
            }
            if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
            // "id:", "event:", "retry:" and ":" comments carry nothing taskmasterctl needs
        }
    }

    Batch pull() throws CtlException {
        Object v = client.request(
                JolokiaClient.map(
                        "type", "exec", "mbean", store, "operation", "pull", "arguments", List.of(id, handle)),
                TIMEOUT);
        if (!(v instanceof Map<?, ?> m)) {
            return new Batch(0, List.of());
        }
        return new Batch(Supervisor.number(m.get("dropped")), Supervisor.maps(m.get("notifications")));
    }

    /** Unregisters the client (which ends its stream on the daemon's side), once; failures are ignored. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            unregister(client, id);
            HttpURLConnection c = stream;
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static Map<?, ?> register(JolokiaClient client) throws CtlException {
        Object reg = client.request(JolokiaClient.map("type", "notification", "command", "register"), TIMEOUT);
        return reg instanceof Map<?, ?> m ? m : Map.of();
    }

    private String add(String id, String mode) throws CtlException {
        Object h = client.request(
                JolokiaClient.map(
                        "type",
                        "notification",
                        "command",
                        "add",
                        "client",
                        id,
                        "mode",
                        mode,
                        "mbean",
                        mbean,
                        "filter",
                        List.of(type)),
                TIMEOUT);
        return String.valueOf(h);
    }

    private static void unregister(JolokiaClient client, String id) {
        try {
            client.request(
                    JolokiaClient.map("type", "notification", "command", "unregister", "client", id),
                    Duration.ofSeconds(3));
        } catch (CtlException ignored) {
            // best effort
        }
    }
}
