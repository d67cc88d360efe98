package taskmaster.events;

import java.nio.charset.StandardCharsets;

/**
 * What goes to a listener's stdin for one event: supervisord's header line, then the payload.
 * {@code len} counts characters, as Python's {@code len} of the payload string does; the bytes
 * are its UTF-8.
 */
final class Envelope {
    private Envelope() {}

    /** supervisord's default {@code identifier}, which the daemon does not let one change. */
    static final String SERVER = "supervisor";

    static byte[] of(Event event, String pool, long poolSerial) {
        String text = "ver:3.0 server:" + SERVER + " serial:" + event.serial + " pool:" + pool + " poolserial:"
                + poolSerial + " eventname:" + event.type.name() + " len:" + PyText.length(event.payload) + "\n"
                + event.payload;
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
