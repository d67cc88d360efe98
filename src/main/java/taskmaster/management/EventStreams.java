package taskmaster.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jolokia.core.util.EscapeUtil;
import org.jolokia.jvmagent.ParsedUri;
import org.jolokia.server.core.http.HttpRequestHandler;
import org.jolokia.server.core.service.api.JolokiaContext;

/**
 * The notification clients whose events stream over Server-Sent Events
 * ({@code GET .../notification/open/CLIENT/sse}), and their end. Jolokia 2.6 never expires a client:
 * one whose stream was dropped kept its listeners on the beans and its heartbeat thread for the
 * daemon's life. Jolokia closes the exchange when a heartbeat cannot be written (at most about ten
 * seconds after the peer went away); this sees that close and unregisters the client. At the daemon's
 * stop every stream is ended first, so that the HTTP server's stop does not wait for them and each
 * client reads a complete response rather than a reset.
 */
final class EventStreams implements HttpHandler {

    private static final Logger LOG = LogManager.getLogger("taskmaster.management");

    private final HttpHandler next;
    private final String contextPath;
    private final HttpRequestHandler jolokia;
    /** Client id to its open stream; a reopened stream replaces the old one, whose close then unregisters nothing. */
    private final Map<String, Stream> open = new ConcurrentHashMap<>();

    EventStreams(HttpHandler next, String contextPath, JolokiaContext context) {
        this.next = next;
        this.contextPath = contextPath;
        this.jolokia = new HttpRequestHandler(context);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String client = ex.getRequestMethod().equalsIgnoreCase("GET") ? streamClient(ex) : null;
        if (client == null) {
            next.handle(ex);
            return;
        }
        Stream stream = new Stream(client, ex);
        // Registered before Jolokia closes the client's previous stream, whose close must then leave the client be.
        Stream before = open.put(client, stream);
        ex.setStreams(null, stream);
        next.handle(ex);
        if (!streaming(ex)) {
            // refused (no such client, the policy): the stream it had, if any, is still the one
            if (open.remove(client, stream) && before != null) {
                open.putIfAbsent(client, before);
            }
            return;
        }
        // The headers wait in the server's buffer until the first write is flushed, Jolokia's
        // first heartbeat 10 s on: the client would not know its stream open until then.
        try {
            stream.flush();
        } catch (IOException e) {
            stream.close(); // the client is gone already
            return;
        }
        LOG.info("jolokia: notification client {} opened its event stream (SSE)", client);
    }

    /** Ends every stream and unregisters its client; called before the HTTP server stops. */
    void closeAll() {
        int n = 0;
        for (Stream s : List.copyOf(open.values())) {
            if (open.remove(s.client, s)) {
                unregister(s.client);
                s.exchange.close(); // Jolokia's unregister closes it already; a failed one leaves it to us
                n++;
            }
        }
        if (n > 0) {
            LOG.info("jolokia: closed {} event stream(s) at stop", n);
        }
    }

    /** The client of a {@code notification/open/CLIENT/sse} request, else null. */
    private String streamClient(HttpExchange ex) {
        ParsedUri parsed = new ParsedUri(ex.getRequestURI(), contextPath);
        String path = parsed.getPathInfo();
        if (path == null || path.isEmpty() || path.matches("/+")) {
            path = parsed.getParameter("p");
        }
        if (path == null) {
            return null;
        }
        List<String> elements =
                List.copyOf(EscapeUtil.extractElementsFromPath(path.startsWith("/") ? path.substring(1) : path));
        if (elements.isEmpty()
                || !elements.getFirst().equalsIgnoreCase("notification")
                || !RequestGuard.isStreamOpen(elements)) {
            return null;
        }
        return elements.get(2);
    }

    private void ended(Stream s) {
        if (!streaming(s.exchange) || !open.remove(s.client, s)) {
            return; // not a stream (a refused open), or replaced by a newer one, or ended by closeAll
        }
        // Not on the thread that closed it: that is Jolokia's heartbeat, holding the channel's lock.
        Thread.ofVirtual().name("jolokia-sse-cleanup").start(() -> {
            unregister(s.client);
            LOG.info("jolokia: the event stream of notification client {} ended; client unregistered", s.client);
        });
    }

    private static boolean streaming(HttpExchange ex) {
        String type = ex.getResponseHeaders().getFirst("Content-Type");
        return ex.getResponseCode() == 200
                && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    /** Jolokia's own unregister: its listeners leave the beans, its heartbeat stops, its channel closes. */
    private void unregister(String client) {
        String body = "{\"type\":\"notification\",\"command\":\"unregister\",\"client\":\""
                + client.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        try {
            jolokia.handlePostRequest(
                    contextPath, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "UTF-8", Map.of());
        } catch (Exception e) {
            LOG.warn("jolokia: cannot unregister notification client {}: {}", client, e.toString());
        }
    }

    /** The exchange's response body; its close is the stream's end, however it came. */
    private final class Stream extends FilterOutputStream {

        final String client;
        final HttpExchange exchange;
        private final AtomicBoolean closed = new AtomicBoolean();

        Stream(String client, HttpExchange exchange) {
            super(exchange.getResponseBody());
            this.client = client;
            this.exchange = exchange;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } finally {
                if (closed.compareAndSet(false, true)) {
                    ended(this);
                }
            }
        }
    }
}
