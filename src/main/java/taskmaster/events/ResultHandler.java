package taskmaster.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * supervisord's {@code supervisor.dispatchers:default_handler}: a result of exactly {@code OK}
 * means the event was handled; anything else ({@code FAIL} by convention) rejects it, and the
 * pool sends it again. It is the only handler there is: a {@code result_handler} naming Python
 * code cannot be run here.
 */
final class ResultHandler {
    private ResultHandler() {}

    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

    static boolean accepts(byte[] result) {
        return Arrays.equals(result, OK);
    }
}
