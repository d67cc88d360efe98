package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A page retrying a refused request in a loop cannot fill the log. */
class RefusalLogTest {

    @Test
    void logsAtMostTwentyLinesAMinuteAndCountsTheRest() {
        AtomicLong now = new AtomicLong(1_000_000);
        List<String> lines = new ArrayList<>();
        RefusalLog log = new RefusalLog(now::get, lines::add);
        InetSocketAddress from = new InetSocketAddress("127.0.0.1", 40000);
        for (int i = 0; i < 100; i++) {
            log.refused("POST", "/jolokia\r\nforged line", from, "forbidden: Origin is not in jolokia_allow_origin");
        }
        assertThat(lines)
                .hasSize(RefusalLog.PER_MINUTE)
                .allMatch(l -> l.equals("jolokia: refused POST /jolokia??forged line from 127.0.0.1:"
                        + " forbidden: Origin is not in jolokia_allow_origin"));
        now.addAndGet(60_000);
        log.refused("GET", "/jolokia/exec/x", from, "forbidden: GET may only read");
        assertThat(lines).hasSize(RefusalLog.PER_MINUTE + 1);
        assertThat(lines.getLast())
                .isEqualTo("jolokia: refused GET /jolokia/exec/x from 127.0.0.1:"
                        + " forbidden: GET may only read (80 earlier refusals not logged)");
    }
}
