package taskmaster.ctl;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Jolokia notification client in pull mode listening to {@code taskmaster:type=Supervisor}:
 * register, add a listener, pull from the notification store, unregister.
 */
final class Subscription implements AutoCloseable {

    record Batch(long dropped, List<Map<String, Object>> notifications) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final JolokiaClient client;
    private final String id;
    private final String store;
    private final String handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Subscription(JolokiaClient client, String id, String store, String handle) {
        this.client = client;
        this.id = id;
        this.store = store;
        this.handle = handle;
    }

    static Subscription open(JolokiaClient client) throws CtlException {
        Object reg = client.request(JolokiaClient.map("type", "notification", "command", "register"), TIMEOUT);
        Map<?, ?> value = reg instanceof Map<?, ?> m ? m : Map.of();
        String id = Supervisor.str(value, "id");
        String store = "jolokia:type=NotificationStore,agent=taskmaster";
        if (value.get("backend") instanceof Map<?, ?> backend
                && backend.get("pull") instanceof Map<?, ?> pull
                && pull.get("store") != null) {
            store = pull.get("store").toString();
        }
        try {
            Object h = client.request(
                    JolokiaClient.map(
                            "type",
                            "notification",
                            "command",
                            "add",
                            "client",
                            id,
                            "mode",
                            "pull",
                            "mbean",
                            Supervisor.BEAN,
                            "filter",
                            List.of("jmx.attribute.change")),
                    TIMEOUT);
            return new Subscription(client, id, store, String.valueOf(h));
        } catch (CtlException e) {
            unregister(client, id);
            throw e;
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

    /** Unregisters the client, once; failures are ignored (the daemon may be gone). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            unregister(client, id);
        }
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
