package taskmaster.xmlrpc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * supervisord's {@code GET /logtail/NAME/stdout|stderr} ({@code supervisorctl tail -f}) and
 * {@code GET /mainlogtail} ({@code maintail -f}): the last 1024 bytes, then what is written as it is
 * written, until the client goes. Read through the dispatcher's own methods
 * ({@code supervisor.tailProcessStdoutLog}, {@code tailProcessStderrLog}, {@code readLog}), so the
 * logs have one path, the methods'. A log that shrinks (cleared, rotated) is announced with
 * supervisord's {@code ==> File truncated <==} and followed from its start.
 */
final class LogTail {

    /** What supervisord's tail_f_producer sends first. */
    static final int HEAD = 1024;

    /** The most one read asks for; more written between two reads is skipped, as supervisord's tail overflow does. */
    static final int CHUNK = 256 << 10;

    /** How long an idle tail waits between reads: supervisord's producer delay. */
    static final long POLL_MS = 100;

    static final byte[] TRUNCATED = "==> File truncated <==\n".getBytes(StandardCharsets.UTF_8);

    /** supervisord's fault codes that mean "no such process" and "no log file". */
    static final int BAD_NAME = 10;

    static final int NO_FILE = 20;
    static final int BAD_ARGUMENTS = 3;

    private final RpcDispatcher dispatcher;

    LogTail(RpcDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** A followed log: its first bytes, then each new piece (empty when there is nothing new). */
    interface Follower {
        byte[] head() throws RpcFault;

        /** The next piece; {@link LogTail#TRUNCATED} first when the log shrank. */
        byte[] next() throws RpcFault;
    }

    /** A process's log, through {@code supervisor.tailProcessStdoutLog} or {@code tailProcessStderrLog}. */
    Follower process(String name, String channel) {
        String method =
                channel.equals("stderr") ? "supervisor.tailProcessStderrLog" : "supervisor.tailProcessStdoutLog";
        return new Follower() {
            private int offset;

            @Override
            public byte[] head() throws RpcFault {
                Tail t = tail(method, name, 0, HEAD);
                offset = t.offset;
                return t.data;
            }

            @Override
            public byte[] next() throws RpcFault {
                Tail t = tail(method, name, offset, CHUNK);
                if (t.offset < offset) {
                    Tail fresh = tail(method, name, 0, Math.min(t.offset, CHUNK));
                    offset = fresh.offset;
                    return concat(TRUNCATED, fresh.data);
                }
                // supervisord's tail answers the last bytes before the new offset, older ones among
                // them when fewer are new than were asked for: the new ones are the end.
                int added = t.offset - offset;
                offset = t.offset;
                return added >= t.data.length
                        ? t.data
                        : Arrays.copyOfRange(t.data, t.data.length - added, t.data.length);
            }
        };
    }

    /** The daemon's event log, through {@code supervisor.readLog}: its size is found by one-byte reads. */
    Follower mainLog() {
        return new Follower() {
            private long offset;

            @Override
            public byte[] head() throws RpcFault {
                long size = size();
                long from = Math.max(0, size - HEAD);
                // Start on a character, so that the text read back measures its own bytes.
                for (int i = 0; i < 3 && from < size && read(from, 1).equals("\uFFFD"); i++) {
                    from++;
                }
                offset = from;
                return next();
            }

            @Override
            public byte[] next() throws RpcFault {
                byte[] data = read(offset, 0).getBytes(StandardCharsets.UTF_8);
                if (data.length > 0) {
                    offset += data.length;
                    return data;
                }
                if (offset > 0 && read(offset - 1, 1).isEmpty()) {
                    offset = 0;
                    return TRUNCATED;
                }
                return data;
            }

            /** The log's length: the first offset whose one-byte read is empty, by doubling then halving. */
            private long size() throws RpcFault {
                long lo = -1; // read(lo, 1) has a byte, or lo is -1
                long hi = HEAD;
                while (!read(hi, 1).isEmpty()) {
                    lo = hi;
                    hi *= 2;
                }
                while (hi - lo > 1) {
                    long mid = (lo + hi) >>> 1;
                    if (read(mid, 1).isEmpty()) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                return hi;
            }

            private String read(long at, int length) throws RpcFault {
                try {
                    Object r = dispatcher.call(
                            "supervisor.readLog", List.of((int) Math.min(at, Integer.MAX_VALUE), length));
                    return r instanceof String s
                            ? s
                            : r instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : "";
                } catch (RpcFault f) {
                    if (f.code() == BAD_ARGUMENTS) {
                        return ""; // past the end, for a table stricter than supervisord's
                    }
                    throw f;
                }
            }
        };
    }

    @SuppressWarnings("ArrayRecordComponent") // a private carrier of one answer, never compared or hashed
    private record Tail(byte[] data, int offset) {}

    private Tail tail(String method, String name, int offset, int length) throws RpcFault {
        Object r = dispatcher.call(method, List.of(name, offset, length));
        if (r instanceof List<?> l && l.size() >= 2 && l.get(1) instanceof Integer off) {
            Object d = l.getFirst();
            byte[] data = d instanceof String s
                    ? s.getBytes(StandardCharsets.UTF_8)
                    : d instanceof byte[] b ? b : new byte[0];
            return new Tail(data, off);
        }
        throw new RpcFault(XmlRpcCodec.INTERNAL_ERROR, method + " answered no [data, offset, overflow]");
    }

    /**
     * Sends the head (read before the answer's status, so that a missing log is a 404), then every
     * new piece, flushing each, until the client is gone (a write fails, or {@code clientGone} says
     * so while idle) or the log cannot be read any more.
     */
    static void follow(Follower f, byte[] head, OutputStream out, BooleanSupplier clientGone)
            throws IOException, InterruptedException {
        out.write(head);
        out.flush();
        while (true) {
            byte[] piece;
            try {
                piece = f.next();
            } catch (RpcFault e) {
                return; // the process was removed, or its log is gone: the stream ends
            }
            if (piece.length > 0) {
                out.write(piece);
                out.flush();
            } else {
                if (clientGone.getAsBoolean()) {
                    return;
                }
                Thread.sleep(POLL_MS);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
