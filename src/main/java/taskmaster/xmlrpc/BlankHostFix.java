package taskmaster.xmlrpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.BufferUtil;

/**
 * supervisorctl's {@code tail -f} over a unix socket sends {@code Host: } with nothing after it
 * (its {@code http_client} takes the host from the {@code unix://} URL, which has none), and Jetty
 * 12 answers a blank Host with 400 before any handler runs. On the unix socket only, this reads the
 * head of a connection's first request, names {@code localhost} in a blank Host (what
 * supervisorctl's XML-RPC calls on the same socket send), and hands the bytes on to the HTTP
 * connection, as Jetty's own detecting factories hand theirs on.
 */
final class BlankHostFix extends AbstractConnectionFactory {

    /** The most of a request head read here before handing over as it is (a head is 8 KiB at most). */
    private static final int MAX_HEAD = 8 << 10;

    private static final byte[] BLANK = "\r\nHost: \r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] BLANK_BARE = "\r\nHost:\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] NAMED = "\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final String next;

    /** @param next the protocol of the factory the bytes go to ({@code HTTP/1.1}) */
    BlankHostFix(String next) {
        super("blank-host-fix");
        this.next = next;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new Head(connector, endPoint), connector, endPoint);
    }

    /** Reads until the end of the head (or MAX_HEAD, or the end of input), then upgrades. */
    private final class Head extends AbstractConnection implements Connection.UpgradeFrom {
        private final Connector connector;
        private ByteBuffer buffer = BufferUtil.allocate(MAX_HEAD);

        Head(Connector connector, EndPoint endPoint) {
            super(endPoint, connector.getExecutor());
            this.connector = connector;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            fillInterested();
        }

        @Override
        public void onFillable() {
            try {
                int n = getEndPoint().fill(buffer);
                boolean ended = n < 0;
                if (!ended && n == 0 && !headDone()) {
                    fillInterested();
                    return;
                }
                if (!ended && !headDone() && BufferUtil.space(buffer) > 0) {
                    onFillable();
                    return;
                }
                handOver();
            } catch (IOException e) {
                getEndPoint().close(e);
            }
        }

        private boolean headDone() {
            return indexOf(buffer, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) >= 0;
        }

        private void handOver() {
            buffer = named(buffer);
            ConnectionFactory f = connector.getConnectionFactory(next);
            Connection c = f.newConnection(connector, getEndPoint());
            getEndPoint().upgrade(c);
        }

        @Override
        public ByteBuffer onUpgradeFrom() {
            ByteBuffer b = buffer;
            buffer = null;
            return b;
        }
    }

    /** The bytes with a blank Host of the head made {@code Host: localhost}; the same bytes otherwise. */
    static ByteBuffer named(ByteBuffer b) {
        int end = indexOf(b, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] blank : new byte[][] {BLANK, BLANK_BARE}) {
            int at = indexOf(b, blank);
            if (at >= 0 && (end < 0 || at <= end)) {
                byte[] all = BufferUtil.toArray(b);
                int p = at;
                byte[] out = new byte[all.length - blank.length + NAMED.length];
                System.arraycopy(all, 0, out, 0, p);
                System.arraycopy(NAMED, 0, out, p, NAMED.length);
                System.arraycopy(all, p + blank.length, out, p + NAMED.length, all.length - p - blank.length);
                return ByteBuffer.wrap(out);
            }
        }
        return b;
    }

    /** Where {@code needle} starts in the readable bytes, relative to the first readable one; -1 if nowhere. */
    private static int indexOf(ByteBuffer b, byte[] needle) {
        int from = b.position();
        int to = b.limit() - needle.length;
        outer:
        for (int i = from; i <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i - from;
        }
        return -1;
    }
}
