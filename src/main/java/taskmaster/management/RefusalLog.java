package taskmaster.management;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Logs the requests the {@link RequestGuard} refuses, at most {@link #PER_MINUTE} lines a minute:
 * a page retrying in a loop must not fill the disk. What was not logged is counted in the next line.
 */
final class RefusalLog {

    static final int PER_MINUTE = 20;
    private static final Logger LOG = LogManager.getLogger("taskmaster.management");

    private final LongSupplier clockMs;
    private final Consumer<String> sink;
    private long windowStart;
    private int inWindow;
    private long suppressed;

    RefusalLog() {
        this(System::currentTimeMillis, LOG::warn);
    }

    RefusalLog(LongSupplier clockMs, Consumer<String> sink) {
        this.clockMs = clockMs;
        this.sink = sink;
        this.windowStart = clockMs.getAsLong();
    }

    void refused(String method, String path, InetSocketAddress from, String reason) {
        long missed;
        synchronized (this) {
            long now = clockMs.getAsLong();
            if (now - windowStart >= 60_000) {
                windowStart = now;
                inWindow = 0;
            }
            if (inWindow >= PER_MINUTE) {
                suppressed++;
                return;
            }
            inWindow++;
            missed = suppressed;
            suppressed = 0;
        }
        sink.accept("jolokia: refused " + method + " " + clean(path) + " from "
                + (from == null ? "?" : from.getAddress().getHostAddress()) + ": " + reason
                + (missed == 0 ? "" : " (" + missed + " earlier refusals not logged)"));
    }

    /** One line, bounded: the path is the requester's text. */
    private static String clean(String path) {
        String p = path == null ? "" : path.replaceAll("[\\p{Cntrl}]", "?");
        return p.length() > 200 ? p.substring(0, 200) + "..." : p;
    }
}
