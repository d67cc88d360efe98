package taskmaster.xmlrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One listener's requests, in supervisord's order of concerns: the browser checks
 * ({@link BrowserGuard}, 403), then the credentials ({@link BasicAuth}, 401), then the route:
 * {@code POST /RPC2} (XML-RPC, only with an XML content type), {@code GET /logtail/...} and
 * {@code GET /mainlogtail} (read-only, so GET is allowed there and only there). The method name
 * is handed to the dispatcher as it came; nothing here resolves it. No answer carries a stack
 * trace: a failure is logged here and answered with a one-line fault.
 */
final class RpcHandler {

    private static final Logger LOG = LogManager.getLogger("taskmaster.xmlrpc");

    /** Larger bodies are refused unread (413): the largest real call is a sendProcessStdin of a few MiB. */
    static final int MAX_BODY = 8 << 20;

    /** How long a request waits for the daemon to have applied its first configuration. */
    static final long OPEN_WAIT_SECONDS = 60;

    private final RpcDispatcher dispatcher;
    private final BrowserGuard guard;
    private final BasicAuth auth;
    private final CountDownLatch opened;
    private final String listener;
    private final LogTail tails;
    private final AtomicLong lastRefusalLog = new AtomicLong();

    RpcHandler(RpcDispatcher dispatcher, BrowserGuard guard, BasicAuth auth, CountDownLatch opened, String listener) {
        this.dispatcher = dispatcher;
        this.guard = guard;
        this.auth = auth;
        this.opened = opened;
        this.listener = listener;
        this.tails = new LogTail(dispatcher);
    }

    /** Answers one request (always: the callback is completed here or by the write it starts). */
    boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } catch (IOException | RuntimeException e) {
            // The client went away mid-answer, or a bug: logged, never shown to the client.
            LOG.debug("xmlrpc: {} {} ended: {}", request.getMethod(), path(request), e.toString());
            callback.failed(e);
        }
        return true;
    }

    private void route(Request request, Response response, Callback callback) throws IOException, InterruptedException {
        String refusal = guard.refusal(
                request.getHeaders().getValuesList(HttpHeader.HOST),
                request.getHeaders().getValuesList(HttpHeader.ORIGIN));
        if (refusal != null) {
            refuse(request, response, callback, HttpStatus.FORBIDDEN_403, refusal);
            return;
        }
        if (auth != null && !auth.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, BasicAuth.CHALLENGE);
            refuse(
                    request,
                    response,
                    callback,
                    HttpStatus.UNAUTHORIZED_401,
                    "unauthorized: wrong or missing credentials");
            return;
        }
        if (!opened.await(OPEN_WAIT_SECONDS, TimeUnit.SECONDS)) {
            plain(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "the daemon is still starting");
            return;
        }
        String path = path(request);
        String method = request.getMethod();
        if (path.startsWith("/RPC2")) {
            if (!method.equals("POST")) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                refuse(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "XML-RPC takes POST only");
                return;
            }
            if (!xmlContent(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
                refuse(
                        request,
                        response,
                        callback,
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
                        "XML-RPC takes Content-Type: text/xml");
                return;
            }
            rpc(request, response, callback);
        } else if (path.startsWith("/logtail/") || path.equals("/mainlogtail")) {
            if (!method.equals("GET")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET");
                refuse(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "a log tail takes GET only");
                return;
            }
            tail(request, response, callback, path);
        } else {
            plain(response, callback, HttpStatus.NOT_FOUND_404, "not found (XML-RPC is served at POST /RPC2)");
        }
    }

    private void rpc(Request request, Response response, Callback callback) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY) {
            xml(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge());
            return;
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            xml(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge());
            return;
        }
        xml(response, callback, HttpStatus.OK_200, answer(body));
    }

    private static byte[] tooLarge() {
        return XmlRpcCodec.fault(XmlRpcCodec.INVALID_XMLRPC, "the request body is larger than " + MAX_BODY + " bytes");
    }

    /** The call's answer, or its fault: never an exception. */
    byte[] answer(byte[] body) {
        XmlRpcCodec.Call call;
        try {
            call = XmlRpcCodec.parseCall(body);
        } catch (XmlRpcCodec.MalformedException e) {
            LOG.debug("xmlrpc: malformed request on {}: {}", listener, e.getMessage());
            return XmlRpcCodec.fault(e.code(), "malformed XML-RPC request: " + e.getMessage());
        }
        try {
            return XmlRpcCodec.response(dispatcher.call(call.method(), call.params()));
        } catch (RpcFault f) {
            return XmlRpcCodec.fault(f.code(), f.string());
        } catch (RuntimeException e) {
            String name = printable(call.method());
            LOG.error("xmlrpc: {} failed: {}", name, e.toString(), e);
            return XmlRpcCodec.fault(
                    XmlRpcCodec.INTERNAL_ERROR, "INTERNAL_ERROR: " + name + " failed (the daemon's log says why)");
        }
    }

    private void tail(Request request, Response response, Callback callback, String path)
            throws IOException, InterruptedException {
        LogTail.Follower follower;
        String what;
        if (path.equals("/mainlogtail")) {
            follower = tails.mainLog();
            what = "the event log";
        } else {
            String rest = path.substring("/logtail/".length());
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            String channel = slash < 0 ? "stdout" : rest.substring(slash + 1);
            if (name.isEmpty() || !(channel.equals("stdout") || channel.equals("stderr"))) {
                plain(
                        response,
                        callback,
                        HttpStatus.NOT_FOUND_404,
                        "not found (allowed: /logtail/NAME/stdout or stderr)");
                return;
            }
            String missing = noLogFile(name, channel);
            if (missing != null) {
                plain(response, callback, HttpStatus.NOT_FOUND_404, missing);
                return;
            }
            follower = tails.process(name, channel);
            what = printable(name) + " " + channel;
        }
        byte[] head;
        try {
            head = follower.head();
        } catch (RpcFault f) {
            plain(response, callback, HttpStatus.NOT_FOUND_404, "not found: " + f.string());
            return;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put("X-Accel-Buffering", "no");
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        // A tail may stay quiet for hours: only the client's going ends it, not the idle timeout.
        endPoint.setIdleTimeout(0);
        LOG.debug("xmlrpc: tail of {} begins on {}", what, listener);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            LogTail.follow(follower, head, out, () -> gone(endPoint));
        } catch (IOException e) {
            // the client closed the connection while a piece was written
        }
        LOG.debug("xmlrpc: tail of {} ended: the client is gone", what);
        callback.succeeded();
    }

    /** Why a process's log cannot be tailed (supervisord answers 404 then), or null. */
    private String noLogFile(String name, String channel) {
        try {
            Object info = dispatcher.call("supervisor.getProcessInfo", List.of(name));
            if (info instanceof Map<?, ?> m && "".equals(m.get(channel + "_logfile"))) {
                return "not found: " + printable(name) + " has no " + channel + " log file";
            }
            return null;
        } catch (RpcFault f) {
            return "not found: " + f.string();
        }
    }

    /**
     * Whether the client has closed the connection. It sends nothing more on a tail's connection,
     * so a read that finds its end says so; a byte it did send (supervisorctl's extra CRLF after
     * the headers) is dropped.
     */
    private static boolean gone(EndPoint endPoint) {
        if (!endPoint.isOpen()) {
            return true;
        }
        try {
            ByteBuffer b = ByteBuffer.allocate(256);
            b.flip();
            return endPoint.fill(b) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean xmlContent(String type) {
        if (type == null) {
            return false;
        }
        String t = type.toLowerCase(Locale.ROOT);
        int semicolon = t.indexOf(';');
        t = (semicolon < 0 ? t : t.substring(0, semicolon)).strip();
        return t.equals("text/xml") || t.equals("application/xml");
    }

    private void refuse(Request request, Response response, Callback callback, int status, String why) {
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        // At most one line a second: a client hammering with a wrong password must not fill the log.
        if (now - last > 1_000_000_000L && lastRefusalLog.compareAndSet(last, now)) {
            LOG.warn(
                    "xmlrpc: refused {} {} on {} ({}): {}",
                    request.getMethod(),
                    printable(path(request)),
                    listener,
                    status,
                    why);
        }
        plain(response, callback, status, why);
    }

    private static void plain(Response response, Callback callback, int status, String text) {
        send(response, callback, status, "text/plain;charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void xml(Response response, Callback callback, int status, byte[] body) {
        send(response, callback, status, "text/xml", body);
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String path(Request request) {
        String p = request.getHttpURI().getDecodedPath();
        return p == null ? "/" : p;
    }

    /** A client's text for the log: printable ASCII only, bounded. */
    static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }
}
