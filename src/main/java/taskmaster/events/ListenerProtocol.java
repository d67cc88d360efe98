package taskmaster.events;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads what one listener process writes on its stdout, its protocol channel, exactly as
 * supervisord's {@code PEventListenerDispatcher} does: {@code READY\n} when ACKNOWLEDGED, then
 * (once sent an event) {@code RESULT <len>\n} and {@code len} bytes. Whatever else it writes
 * puts it in UNKNOWN for good (until its process starts again). The input may come in any
 * chunks: a token split across reads is waited for.
 *
 * <p>Two bounds supervisord does not have, so that a listener cannot make the daemon hold
 * unbounded memory: a result line longer than {@link #MAX_LINE} and a result longer than
 * {@link #MAX_RESULT} are bad result lines.
 */
final class ListenerProtocol {

    private static final Logger LOG = LogManager.getLogger(ListenerProtocol.class);
    private static final byte[] READY_TOKEN = "READY\n".getBytes(StandardCharsets.US_ASCII);
    /** supervisord takes the result length from after the first 7 bytes, whatever they are. */
    private static final int RESULT_TOKEN_LEN = "RESULT ".length();

    static final int MAX_LINE = 64 * 1024;
    static final int MAX_RESULT = 1024 * 1024;

    /** What the listener's output means to its pool. */
    interface Sink {
        /** A whole result arrived: the listener is ACKNOWLEDGED again. */
        void result(byte[] body);

        /** The result line was not one: the event in flight must be sent again. */
        void rejected();
    }

    private final String name;
    private final Sink sink;
    private ListenerState state = ListenerState.ACKNOWLEDGED;
    private byte[] buffer = new byte[0];
    private final ByteArrayOutputStream result = new ByteArrayOutputStream();
    private int resultLen = -1;

    ListenerProtocol(String name, Sink sink) {
        this.name = name;
        this.sink = sink;
    }

    ListenerState state() {
        return state;
    }

    /** The pool sent it an event. */
    void sent() {
        if (state != ListenerState.READY) {
            throw new IllegalStateException("internal error: event sent to " + name + " in state " + state);
        }
        move(ListenerState.BUSY);
    }

    /** Its process started again: a fresh channel, as supervisord makes a new dispatcher per spawn. */
    void restart() {
        state = ListenerState.ACKNOWLEDGED;
        buffer = new byte[0];
        result.reset();
        resultLen = -1;
    }

    void feed(byte[] data) {
        byte[] joined = Arrays.copyOf(buffer, buffer.length + data.length);
        System.arraycopy(data, 0, joined, buffer.length, data.length);
        buffer = joined;
        while (buffer.length > 0) {
            switch (state) {
                case UNKNOWN -> {
                    buffer = new byte[0];
                    return;
                }
                case ACKNOWLEDGED -> {
                    if (buffer.length < READY_TOKEN.length) {
                        return; // not enough to decide yet
                    }
                    if (Arrays.equals(buffer, 0, READY_TOKEN.length, READY_TOKEN, 0, READY_TOKEN.length)) {
                        move(ListenerState.READY);
                        drop(READY_TOKEN.length);
                    } else {
                        buffer = new byte[0];
                        unknown();
                        return;
                    }
                }
                case READY -> {
                    // Spurious output before it was sent anything: supervisord is strict about it.
                    buffer = new byte[0];
                    unknown();
                    return;
                }
                case BUSY -> {
                    if (!busy()) {
                        return;
                    }
                }
            }
        }
    }

    /** One step of BUSY; false when more input is needed or the listener broke the protocol. */
    private boolean busy() {
        if (resultLen < 0) {
            int pos = indexOf(buffer, (byte) '\n');
            if (pos < 0) {
                if (buffer.length > MAX_LINE) {
                    badResultLine(Arrays.copyOf(buffer, 80));
                }
                return false;
            }
            byte[] line = Arrays.copyOf(buffer, pos);
            drop(pos + 1);
            int len = parseLength(line);
            if (len < 0) {
                badResultLine(line);
                return false;
            }
            resultLen = len;
            return true;
        }
        int needed = resultLen - result.size();
        int take = Math.min(needed, buffer.length);
        result.write(buffer, 0, take);
        drop(take);
        if (result.size() == resultLen) {
            byte[] body = result.toByteArray();
            result.reset();
            resultLen = -1;
            move(ListenerState.ACKNOWLEDGED);
            sink.result(body);
        }
        return true;
    }

    private void badResultLine(byte[] line) {
        LOG.warn("{}: bad result line: '{}'", name, PyText.decode(line));
        buffer = new byte[0];
        result.reset();
        resultLen = -1;
        unknown();
        sink.rejected();
    }

    private void unknown() {
        move(ListenerState.UNKNOWN);
        LOG.warn(
                "{}: has entered the UNKNOWN state and will no longer receive events, this usually indicates the"
                        + " process violated the eventlistener protocol",
                name);
    }

    private void move(ListenerState next) {
        LOG.debug("{}: {} -> {}", name, state, next);
        state = next;
    }

    private void drop(int n) {
        buffer = Arrays.copyOfRange(buffer, n, buffer.length);
    }

    /**
     * The length after the first 7 bytes, as Python's {@code int()} reads it (surrounding
     * whitespace, a plus sign); -1 if it is none or too large.
     */
    static int parseLength(byte[] line) {
        if (line.length <= RESULT_TOKEN_LEN) {
            return -1;
        }
        int n = line.length - RESULT_TOKEN_LEN;
        String s = new String(line, RESULT_TOKEN_LEN, n, StandardCharsets.ISO_8859_1).strip();
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int len = Integer.parseInt(s);
        return len > MAX_RESULT ? -1 : len;
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
