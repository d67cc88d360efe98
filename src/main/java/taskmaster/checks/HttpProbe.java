package taskmaster.checks;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;

/**
 * {@code http://HOST[:PORT]/PATH}: a GET answered 2xx. A minimal HTTP/1.1 client on the probes'
 * selector, so a check costs no thread: one request with {@code Connection: close}, the status
 * line read and judged; a redirect is not followed (it fails, as any answer but 2xx, with its
 * code). The rest of the answer is read and dropped until the server closes (at most
 * {@value #MAX_DRAIN} bytes, within the timeout), so the server never writes into a reset socket.
 */
final class HttpProbe extends SocketProbe {
    /** A status line longer than this is no HTTP. */
    private static final int MAX_STATUS_LINE = 1024;

    private static final int MAX_DRAIN = 64 * 1024;

    private final ByteBuffer request;
    private final ByteBuffer in = ByteBuffer.allocate(MAX_STATUS_LINE);
    private boolean draining;
    private int drained;

    HttpProbe(ProbeLoop loop, URI uri, long timeoutMillis) {
        super(loop, host(uri), port(uri), timeoutMillis);
        this.request = ByteBuffer.wrap(request(uri).getBytes(StandardCharsets.ISO_8859_1));
    }

    static String host(URI uri) {
        String h = uri.getHost();
        if (h == null || h.isEmpty()) {
            return "127.0.0.1";
        }
        // An IPv6 literal comes bracketed: the socket address wants it bare.
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : 80;
    }

    static String request(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        String authority = uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
        return "GET " + path + " HTTP/1.1\r\nHost: " + authority
                + "\r\nUser-Agent: taskmaster-check\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    }

    @Override
    void connected() throws IOException {
        channel.write(request);
        key.interestOps(request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    @Override
    void io(SelectionKey k) throws IOException {
        if (k.isWritable()) {
            channel.write(request);
            if (!request.hasRemaining()) {
                k.interestOps(SelectionKey.OP_READ);
            }
            return;
        }
        if (!k.isReadable()) {
            return;
        }
        if (draining) {
            drain();
            return;
        }
        int n = channel.read(in);
        if (n < 0) {
            fail(in.position() == 0 ? "connection closed without an answer" : "no HTTP status line");
            return;
        }
        String status = statusLine();
        if (status == null) {
            if (!in.hasRemaining()) {
                fail("no HTTP status line");
            }
            return;
        }
        judge(status);
    }

    /** The first line once it is complete, without its CRLF; null until then. */
    private String statusLine() {
        byte[] a = in.array();
        for (int i = 0; i < in.position(); i++) {
            if (a[i] == '\n') {
                int end = i > 0 && a[i - 1] == '\r' ? i - 1 : i;
                return new String(a, 0, end, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private void judge(String status) {
        // "HTTP/1.1 503 Service Unavailable": the code is the second word.
        String[] words = status.split(" ", 3);
        int code = -1;
        if (words.length >= 2 && words[0].startsWith("HTTP/") && words[1].length() == 3) {
            try {
                code = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                code = -1;
            }
        }
        if (code < 0) {
            fail("no HTTP status line");
            return;
        }
        draining = true;
        if (code >= 200 && code < 300) {
            succeed("HTTP " + code);
        } else {
            fail("HTTP " + code);
        }
    }

    @Override
    boolean keepOpen() {
        return draining;
    }

    private void drain() throws IOException {
        in.clear();
        int n = channel.read(in);
        drained += Math.max(n, 0);
        if (n < 0 || drained > MAX_DRAIN) {
            close();
        }
    }
}
