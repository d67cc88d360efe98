package taskmaster.checks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import taskmaster.engine.CheckResult;

/**
 * One tcp or http check in flight on the {@link ProbeLoop}: a non-blocking connect, then what the
 * kind does once connected, all bounded by one timeout. Loop thread only, except {@link #result}.
 */
abstract class SocketProbe implements ProbeLoop.Handler {
    final CompletableFuture<CheckResult> result = new CompletableFuture<>();
    final ProbeLoop loop;
    private final String host;
    private final int port;
    private final long timeoutMillis;
    SocketChannel channel;
    SelectionKey key;
    private ProbeLoop.Timer timer;

    SocketProbe(ProbeLoop loop, String host, int port, long timeoutMillis) {
        this.loop = loop;
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** On the loop thread. */
    final void start() {
        if (loop.closed()) {
            abandon();
            return;
        }
        timer = loop.schedule(timeoutMillis, () -> fail(Probes.timedOut(timeoutMillis)));
        try {
            // A name other than an address is resolved here, on the loop thread: an address (the
            // default 127.0.0.1) or /etc/hosts costs nothing, a slow resolver delays the other checks.
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                fail("unknown host " + host);
                return;
            }
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            if (channel.connect(address)) {
                key = loop.register(channel, 0, this);
                connected();
            } else {
                key = loop.register(channel, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            fail(describe(e));
        }
    }

    @Override
    public final void ready(SelectionKey k) {
        if (result.isDone() && channel == null) {
            return;
        }
        try {
            if (k.isConnectable()) {
                channel.finishConnect();
                k.interestOps(0);
                connected();
            } else {
                io(k);
            }
        } catch (IOException e) {
            fail(describe(e));
        }
    }

    /** Connected: the tcp check is done, the http one sends its request. */
    abstract void connected() throws IOException;

    /** The channel is readable or writable as asked after the connect. */
    void io(SelectionKey k) throws IOException {}

    final void succeed(String message) {
        finish(CheckResult.ok(message));
    }

    final void fail(String message) {
        finish(CheckResult.failed(message));
    }

    /** The outcome is known: the timer goes; the channel too unless {@link #keepOpen} keeps it a little longer. */
    final void finish(CheckResult r) {
        boolean first = result.complete(r);
        if (!first || !keepOpen()) {
            close(); // a failure or the timeout after the outcome ends the draining too
        }
    }

    /** Whether the channel stays open after the outcome (http drains the answer's body). */
    boolean keepOpen() {
        return false;
    }

    final void close() {
        if (timer != null) {
            timer.cancel();
        }
        if (channel != null) {
            try {
                channel.close(); // deregisters the key too
            } catch (IOException ignored) {
                // closing a socket that failed: nothing left to release
            }
            channel = null;
        }
    }

    @Override
    public final void abandon() {
        result.complete(CheckResult.failed("the checks are closed"));
        close();
    }

    /** One line for people: "connection refused", as systemd and curl say it. */
    static String describe(IOException e) {
        return switch (e) {
            case ConnectException c -> "connection refused";
            case NoRouteToHostException n -> "no route to host";
            case UnknownHostException u -> "unknown host " + u.getMessage();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
