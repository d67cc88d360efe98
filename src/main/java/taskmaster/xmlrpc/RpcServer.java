package taskmaster.xmlrpc;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import taskmaster.model.RpcServerSettings;

/**
 * supervisord's HTTP server: XML-RPC at {@code /RPC2} and the log tails, on the unix socket of
 * {@code [unix_http_server]} and the TCP port of {@code [inet_http_server]}, served by Jetty's core
 * server (no servlets) with its unix-domain connector. Each request runs on a virtual thread, so a
 * start that waits for its outcome or a tail that follows a log for hours holds no worker.
 *
 * <p>Refused at start: {@code [inet_http_server]} on an address that is not loopback without
 * {@code username} and {@code password} (anyone on the network could drive the daemon and type
 * into its programs), as Jolokia is refused there without authentication.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger("taskmaster.xmlrpc");

    /** More connections at once are not accepted until one closes (each tail -f holds one). */
    static final int MAX_CONNECTIONS = 256;

    /** Idle connections are closed after this long (a tail turns its own timeout off). */
    static final long IDLE_TIMEOUT_MS = 60_000;

    private final Server server;
    private final CountDownLatch opened = new CountDownLatch(1);
    private final List<String> addresses = new ArrayList<>();
    private UnixSocketFile socket;
    private int port = -1;

    private final long idleTimeoutMs;

    private RpcServer(Server server, long idleTimeoutMs) {
        this.server = server;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /**
     * Binds what {@code settings} ask for and logs each address ({@code xmlrpc: serving on ...});
     * requests wait until {@link #open}. Nothing stays bound when it fails.
     */
    public static RpcServer start(RpcServerSettings settings, RpcDispatcher dispatcher) throws RpcServerException {
        return start(settings, dispatcher, IDLE_TIMEOUT_MS);
    }

    /** The same with another idle timeout (the tests' quiet tails outlive a short one). */
    static RpcServer start(RpcServerSettings settings, RpcDispatcher dispatcher, long idleTimeoutMs)
            throws RpcServerException {
        RpcServerSettings.Inet inet = settings.inet();
        boolean inetLoopback = inet != null && refuseUnsafe(inet);
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName("xmlrpc");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("xmlrpc-", 0).factory()));
        Server jetty = new Server(pool);
        jetty.setStopTimeout(2_000);
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowMessageInTitle(false);
        jetty.setErrorHandler(errors);
        RpcServer rpc = new RpcServer(jetty, idleTimeoutMs);
        try {
            List<Runnable> logLines = new ArrayList<>();
            if (settings.unix() != null) {
                rpc.unix(settings.unix(), dispatcher, logLines);
            }
            ServerConnector tcp = inet == null ? null : rpc.inet(inet, dispatcher, inetLoopback);
            jetty.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, jetty));
            try {
                jetty.start();
            } catch (Exception e) {
                throw new RpcServerException(
                        "xmlrpc: cannot listen on " + where(settings) + ": " + message(e)
                                + " (change the address, or remove the section)",
                        e);
            }
            if (settings.unix() != null) {
                rpc.socket.publish(settings.unix());
                rpc.addresses.add("unix:" + settings.unix().file());
            }
            if (tcp != null) {
                rpc.port = tcp.getLocalPort();
                rpc.addresses.add(url(inet.host(), rpc.port));
            }
            for (String a : rpc.addresses) {
                LOG.info("xmlrpc: serving on {}", a);
            }
            logLines.forEach(Runnable::run);
            return rpc;
        } catch (RpcServerException | RuntimeException e) {
            rpc.close();
            throw e;
        }
    }

    private void unix(RpcServerSettings.Unix u, RpcDispatcher dispatcher, List<Runnable> logLines)
            throws RpcServerException {
        socket = UnixSocketFile.prepare(u);
        // One acceptor and one selector, as for TCP: Jetty's default grows with the cores, past the small pool.
        UnixDomainServerConnector c =
                new UnixDomainServerConnector(server, 1, 1, new BlankHostHttpConnectionFactory(config()));
        c.setUnixDomainPath(socket.bindPath());
        c.setIdleTimeout(idleTimeoutMs);
        BasicAuth auth = u.credentials() == null ? null : new BasicAuth(u.credentials());
        server.addConnector(c);
        // No browser reaches a unix socket, but a proxy in front of it could carry a page's Origin.
        route(c, new RpcHandler(dispatcher, new BrowserGuard(null, 0), auth, opened, "unix:" + u.file()));
        if (auth == null && (u.chmod() & 0022) != 0) {
            logLines.add(() -> LOG.warn(
                    "xmlrpc: [unix_http_server] chmod = {} lets other users connect and there is"
                            + " no username: they can drive this daemon (set username and password, or chmod = 0700)",
                    String.format("%04o", u.chmod())));
        }
    }

    private ServerConnector inet(RpcServerSettings.Inet i, RpcDispatcher dispatcher, boolean loopback)
            throws RpcServerException {
        ServerConnector c = new ServerConnector(server, 1, 1, http());
        c.setHost(i.host().isEmpty() ? null : i.host());
        c.setPort(i.port());
        c.setIdleTimeout(idleTimeoutMs);
        try {
            c.open(); // bound now, so that the guard knows the port (0: a free one)
        } catch (IOException e) {
            throw new RpcServerException(
                    "xmlrpc: cannot listen on " + url(i.host(), i.port()) + ": " + message(e)
                            + " (change [inet_http_server] port, or remove the section)",
                    e);
        }
        server.addConnector(c);
        int bound = c.getLocalPort();
        BasicAuth auth = i.credentials() == null ? null : new BasicAuth(i.credentials());
        BrowserGuard guard = new BrowserGuard(loopback ? loopbackHosts(i.host()) : null, bound);
        route(c, new RpcHandler(dispatcher, guard, auth, opened, url(i.host(), bound)));
        return c;
    }

    /** The handler of one connector, chosen by the connector the request came in on. */
    private void route(Connector c, RpcHandler h) {
        Router router = server.getHandler() instanceof Router r ? r : new Router();
        router.add(c, h);
        server.setHandler(router);
    }

    private static HttpConnectionFactory http() {
        return new HttpConnectionFactory(config());
    }

    private static HttpConfiguration config() {
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setSendDateHeader(true);
        config.setRequestHeaderSize(8 << 10);
        config.setHttpCompliance(HttpCompliance.RFC9110);
        return config;
    }

    /**
     * Refuses a network address without credentials; warns that a password crosses the network in
     * clear (supervisord's protocol has no TLS). Returns whether the address is loopback.
     */
    private static boolean refuseUnsafe(RpcServerSettings.Inet i) throws RpcServerException {
        boolean loopback;
        try {
            loopback = !i.host().isEmpty() && isLoopback(i.host());
        } catch (UnknownHostException e) {
            throw new RpcServerException("[inet_http_server] port = " + i.host() + ":" + i.port()
                    + ": unknown host (use an address, like 127.0.0.1:" + i.port() + ")");
        }
        String shown = i.host().isEmpty() ? "every interface" : i.host();
        if (!loopback && i.credentials() == null) {
            throw new RpcServerException("[inet_http_server] port = "
                    + (i.host().isEmpty() ? "" : i.host() + ":")
                    + i.port() + " listens on " + shown + ", which is not loopback, without username and password:"
                    + " refusing to let the network drive this daemon (set username and password, or use"
                    + " port = 127.0.0.1:" + i.port() + ")");
        }
        if (!loopback) {
            LOG.warn(
                    "xmlrpc: [inet_http_server] on {}: the password crosses the network in clear, as with"
                            + " supervisord (use a unix socket, or 127.0.0.1 and an SSH tunnel)",
                    shown);
        }
        return loopback;
    }

    /** Whether {@code host} names only loopback addresses (a name is resolved: localhost is). */
    static boolean isLoopback(String host) throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host);
        for (InetAddress a : all) {
            if (!a.isLoopbackAddress()) {
                return false;
            }
        }
        return all.length > 0;
    }

    private static String url(String host, int port) {
        String h = host.isEmpty() ? "0.0.0.0" : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }

    private static String where(RpcServerSettings s) {
        List<String> w = new ArrayList<>();
        if (s.unix() != null) {
            w.add("unix:" + s.unix().file());
        }
        if (s.inet() != null) {
            w.add(url(s.inet().host(), s.inet().port()));
        }
        return String.join(" and ", w);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Lets the requests that waited in {@link RpcHandler} through: the daemon knows its processes. */
    public void open() {
        opened.countDown();
    }

    /** What is served: {@code unix:/path} and {@code http://host:port}, the port as bound. */
    public List<String> addresses() {
        return List.copyOf(addresses);
    }

    /** The TCP port as bound; -1 without {@code [inet_http_server]}. */
    public int port() {
        return port;
    }

    /** Stops listening, ends the tails, removes the socket file. */
    @Override
    public void close() {
        opened.countDown();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("xmlrpc: stopping the server: {}", e.toString());
        }
        if (socket != null) {
            socket.remove();
            socket = null;
        }
    }

    /** The names a loopback listener's Host may carry: localhost, the configured host and its addresses. */
    static Set<String> loopbackHosts(String host) {
        Set<String> hosts = new HashSet<>();
        hosts.add("localhost");
        hosts.add(host);
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                String text = a.getHostAddress();
                int scope = text.indexOf('%');
                hosts.add(scope < 0 ? text : text.substring(0, scope));
                if (a instanceof Inet6Address) {
                    hosts.add("::1");
                }
            }
        } catch (UnknownHostException e) {
            // checked at start: it resolved then
        }
        return hosts;
    }

    /** Sends each request to the handler of the connector it came in on. */
    private static final class Router extends Handler.Abstract {
        private final Map<Connector, RpcHandler> byConnector = new ConcurrentHashMap<>();

        void add(Connector c, RpcHandler h) {
            byConnector.put(c, h);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            RpcHandler h = byConnector.get(request.getConnectionMetaData().getConnector());
            return h != null && h.handle(request, response, callback);
        }
    }
}
