package taskmaster.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 written by hand, over a unix socket or TCP: the XML-RPC server's tests send exactly the
 * headers they mean (a foreign Host, an Origin, none at all), which the JDK's client would not let
 * them, and the JDK's client has no unix sockets. One request per connection ({@code Connection: close}).
 */
public final class RawHttp {

    private static final Pattern SERVING = Pattern.compile("xmlrpc: serving on (\\S+)");

    private final SocketAddress address;
    private final String family;

    private RawHttp(SocketAddress address, String family) {
        this.address = address;
        this.family = family;
    }

    public static RawHttp unix(Path socket) {
        return new RawHttp(UnixDomainSocketAddress.of(socket), "unix");
    }

    public static RawHttp tcp(String host, int port) {
        return new RawHttp(new InetSocketAddress(host, port), "tcp");
    }

    /** The addresses an event log's {@code xmlrpc: serving on ...} lines name ({@code unix:/path}, {@code http://h:p}). */
    public static List<String> servedIn(String log) {
        Matcher m = SERVING.matcher(log);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** A client for one of {@link #servedIn}'s addresses. */
    public static RawHttp of(String served) {
        if (served.startsWith("unix:")) {
            return unix(Path.of(served.substring("unix:".length())));
        }
        URI u = URI.create(served);
        return tcp(u.getHost(), u.getPort());
    }

    /** An answer: status, headers (names in lower case, the last of each), body as text. */
    public record Answer(int status, Map<String, String> headers, String body) {}

    /** {@code POST /RPC2} of an XML body with {@code Content-Type: text/xml}, plus {@code headers}. */
    public Answer post(String path, String xml, String... headers) throws IOException {
        return request("POST", path, xml.getBytes(StandardCharsets.UTF_8), with("Content-Type: text/xml", headers));
    }

    public Answer get(String path, String... headers) throws IOException {
        return request("GET", path, null, headers);
    }

    private static String[] with(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /**
     * One request; {@code Host: localhost} is added unless a header gives one ({@code "Host:"} alone
     * sends none), and {@code Content-Length} for a body unless one (or a {@code Transfer-Encoding}) is given.
     */
    public Answer request(String method, String path, byte[] body, String... headers) throws IOException {
        try (SocketChannel ch = open()) {
            byte[] head = head(method, path, body, headers);
            var out = Channels.newOutputStream(ch);
            try {
                out.write(head);
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // The server answered (a 413, say) and closed before the whole body was sent: read its answer.
            }
            return parse(Channels.newInputStream(ch).readAllBytes());
        }
    }

    private SocketChannel open() throws IOException {
        SocketChannel ch =
                family.equals("unix") ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        ch.connect(address);
        return ch;
    }

    private static byte[] head(String method, String path, byte[] body, String... headers) {
        return head(true, method, path, body, headers);
    }

    private static byte[] head(boolean close, String method, String path, byte[] body, String... headers) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        boolean host = false;
        boolean length = false;
        for (String h : headers) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("host:")) {
                host = true;
                if (lower.strip().equals("host:")) {
                    continue;
                }
            }
            length |= lower.startsWith("content-length:") || lower.startsWith("transfer-encoding:");
            b.append(h).append("\r\n");
        }
        if (!host) {
            b.append("Host: localhost\r\n");
        }
        if (body != null && !length) {
            b.append("Content-Length: ").append(body.length).append("\r\n");
        }
        b.append(close ? "Connection: close\r\n\r\n" : "\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A streaming GET (a log tail): the connection stays open; {@link Stream#awaitText} reads the
     * (chunked) body until it holds a text; {@link Stream#close} is the client going.
     */
    public Stream stream(String path, String... headers) throws IOException {
        SocketChannel ch = open();
        var out = Channels.newOutputStream(ch);
        // Kept alive, as supervisorctl's tail -f asks: the answer is chunked then.
        out.write(head(false, "GET", path, null, headers));
        out.flush();
        return new Stream(ch, Channels.newInputStream(ch));
    }

    public static final class Stream implements AutoCloseable {
        private final SocketChannel channel;
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        private volatile boolean ended;

        /** A reader of its own, so that no wait blocks on a read: waits poll what it gathered. */
        Stream(SocketChannel channel, InputStream in) {
            this.channel = channel;
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        synchronized (raw) {
                            raw.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // closed by the test
                }
                ended = true;
            });
        }

        /** What arrived so far, chunk framing and all (chunks are small: their sizes never split a word). */
        public String raw() {
            synchronized (raw) {
                return raw.toString(StandardCharsets.UTF_8);
            }
        }

        /** Whether the server ended the answer (closed the connection). */
        public boolean ended() {
            return ended;
        }

        /** Waits until the raw text contains {@code text}, within {@code bound}; fails otherwise. */
        public String awaitText(String text, Duration bound) {
            org.awaitility.Awaitility.await()
                    .atMost(bound)
                    .pollInterval(Duration.ofMillis(20))
                    .alias("'" + text + "' in the stream")
                    .until(() -> raw().contains(text));
            return raw();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static Answer parse(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.UTF_8);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete HTTP answer: " + all);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        String body = all.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int nl = body.indexOf("\r\n", at);
            if (nl < 0) {
                return out.toString();
            }
            int size = Integer.parseInt(body.substring(at, nl).strip(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, nl + 2, nl + 2 + size);
            at = nl + 2 + size + 2;
        }
    }

    /** Never longer than this: each call of a test is bounded. */
    public static final Duration BOUND = Duration.ofSeconds(30);
}
