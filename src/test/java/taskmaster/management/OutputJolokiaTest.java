package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static taskmaster.testing.TestDaemon.value;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/** Captured output and the event log through Jolokia: tail, read with offsets, rotate, clear, stdin, faults. */
@SuppressWarnings("unchecked")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutputJolokiaTest {

    static final String SUP = "taskmaster:type=Supervisor";
    static final String TALKER = "taskmaster:type=Process,program=talker,name=talker";
    static final String ECHO = "taskmaster:type=Process,program=echo,name=echo";
    /** 20 bytes: é and ö are two bytes each. */
    static final String TEXT = "hello\nhéllo wörld\n";

    static final String PROGRAMS = """
        [talker]
        cmd = sh -c 'printf "hello\\nh\\303\\251llo w\\303\\266rld\\n"; exec sleep 100000'
        starttime = 0
        stdout = %(here)s/talker.out
        [echo]
        cmd = sh -c 'while read l; do echo "got $l"; done'
        starttime = 0
        stdin = pipe
        stdout = %(here)s/echo.out
        """;

    TestDaemon d;
    Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl();
        d.awaitState(TALKER, "RUNNING");
        d.awaitState(ECHO, "RUNNING");
        await().atMost(TestDaemon.BOUND)
                .until(() -> Files.exists(dir.resolve("talker.out")) && Files.size(dir.resolve("talker.out")) == 20);
    }

    @AfterAll
    void stop() throws Exception {
        d.close();
        assertThat(d.children()).isEmpty();
    }

    Map<String, Object> data(String mbean, String op, Object... args) {
        return (Map<String, Object>) value(d.exec(mbean, op, args));
    }

    static long n(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    @Test
    @Order(1)
    void tailStartsAndReadStopsOnUtf8Boundaries() {
        assertThat(TEXT.getBytes(StandardCharsets.UTF_8)).hasSize(20);
        Map<String, Object> tail = data(TALKER, "tailStdout", 1600);
        assertThat(tail).containsEntry("text", TEXT);
        assertThat(n(tail, "offset")).isZero();
        assertThat(n(tail, "nextOffset")).isEqualTo(20);
        assertThat(n(tail, "size")).isEqualTo(20);
        // the last 5 bytes start inside ö: the tail starts after it
        Map<String, Object> cut = data(TALKER, "tailStdout", 5);
        assertThat(cut).containsEntry("text", "rld\n");
        assertThat(n(cut, "offset")).isEqualTo(16);
        // 8 bytes from 0 would end inside é: the chunk stops before it, and the next read goes on from there
        Map<String, Object> first = data(TALKER, "readStdout", 0, 8);
        assertThat(first).containsEntry("text", "hello\nh");
        assertThat(n(first, "nextOffset")).isEqualTo(7);
        Map<String, Object> rest = data(TALKER, "readStdout", 7, 100);
        assertThat(rest).containsEntry("text", "éllo wörld\n");
        assertThat(n(rest, "offset")).isEqualTo(7);
        assertThat(n(rest, "nextOffset")).isEqualTo(20);
        Map<String, Object> atEnd = data(TALKER, "readStdout", 20, 100);
        assertThat(atEnd).containsEntry("text", "");
        assertThat(n(atEnd, "nextOffset")).isEqualTo(20);
        // beyond the end (rotated or cleared meanwhile): from 0
        Map<String, Object> beyond = data(TALKER, "readStdout", 1000, 5);
        assertThat(n(beyond, "offset")).isZero();
        assertThat(beyond).containsEntry("text", "hello");
    }

    @Test
    @Order(2)
    void faultsForBadArgumentsDiscardedStreamsAndBadNames() {
        JSONObject discarded = d.exec(TALKER, "tailStderr", 100);
        assertThat(discarded.get("error_type")).isEqualTo("java.lang.IllegalStateException");
        assertThat((String) discarded.get("error")).contains("FAILED: talker: stderr is discarded (NONE)");
        JSONObject negative = d.exec(TALKER, "readStdout", -1, 10);
        assertThat(negative.get("error_type")).isEqualTo("java.lang.IllegalArgumentException");
        assertThat((String) negative.get("error")).contains("BAD_ARGUMENTS: talker: offset -1 is negative");
        JSONObject tooMuch = d.exec(TALKER, "tailStdout", 2_000_000);
        assertThat((String) tooMuch.get("error"))
                .contains("BAD_ARGUMENTS: talker: bytes 2000000 is out of range"
                        + " (allowed: 0 to 1048576 bytes per call)");
        assertThat((String) d.exec(SUP, "rotate", "nope").get("error")).contains("BAD_NAME: nope");
        assertThat((String) d.exec(SUP, "readLog", 0, -1).get("error")).contains("BAD_ARGUMENTS");
        JSONObject noPipe = d.exec(TALKER, "sendStdin", "x\n");
        assertThat((String) noPipe.get("error")).contains("FAILED: talker: has no stdin pipe (stdin = pipe)");
    }

    @Test
    @Order(3)
    void rotateNowThenAFollowerRestartsAtTheNewFile() throws Exception {
        List<Object> results = (List<Object>) value(d.exec(SUP, "rotate", "talker"));
        assertThat(results).containsExactly(Map.of("name", "talker", "ok", true, "fault", "", "message", "rotated"));
        assertThat(Files.readString(dir.resolve("talker.out.1"))).isEqualTo(TEXT);
        Map<String, Object> after = data(TALKER, "readStdout", 20, 100);
        assertThat(n(after, "offset")).isZero();
        assertThat(n(after, "size")).isZero();
        assertThat((Map<String, Object>) value(d.exec(TALKER, "rotateLogs"))).containsEntry("message", "rotated");
        assertThat(dir.resolve("talker.out.2")).exists();
    }

    @Test
    @Order(4)
    void sendStdinReachesTheProgram() {
        assertThat(((Number) value(d.exec(ECHO, "sendStdin", "hi there\n"))).intValue())
                .isEqualTo(9);
        await().atMost(TestDaemon.BOUND)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> data(ECHO, "tailStdout", 100).get("text").equals("got hi there\n"));
    }

    @Test
    @Order(5)
    void clearLogsEmptiesFilesAndDeletesBackups() throws Exception {
        List<Object> results = (List<Object>) value(d.exec(SUP, "clearLogs", "all"));
        assertThat(results)
                .extracting(r -> ((Map<String, Object>) r).get("message"))
                .containsOnly("cleared");
        assertThat(results).hasSize(2);
        assertThat(dir.resolve("talker.out.1")).doesNotExist();
        assertThat(Files.size(dir.resolve("echo.out"))).isZero();
        assertThat((Map<String, Object>) value(d.exec(ECHO, "clearLogs"))).containsEntry("ok", true);
    }

    @Test
    @Order(6)
    void readLogServesTheEventLogFromAnOffsetOrFromTheEnd() {
        Map<String, Object> last = data(SUP, "readLog", -300, 300);
        long size = n(last, "size");
        assertThat(size).isGreaterThan(300);
        assertThat(n(last, "nextOffset")).isEqualTo(size);
        assertThat((String) last.get("text")).contains("talker");
        Map<String, Object> head = data(SUP, "readLog", 0, 100);
        assertThat(n(head, "offset")).isZero();
        // The file's first 100 bytes, whatever its first line is: a parent that ignored SIGHUP
        // (nohup) makes the daemon say so before it says it started.
        byte[] file = d.log().getBytes(StandardCharsets.UTF_8);
        assertThat((String) head.get("text")).isEqualTo(new String(file, 0, 100, StandardCharsets.UTF_8));
        Map<String, Object> next = data(SUP, "readLog", n(head, "nextOffset"), 100);
        assertThat(n(next, "offset")).isEqualTo(n(head, "nextOffset"));
        JSONObject list = (JSONObject) value(d.get("/list/taskmaster/type=Supervisor"));
        Map<String, Object> op = (Map<String, Object>) ((Map<String, Object>) list.get("op")).get("readLog");
        assertThat((String) op.get("desc")).contains("negative offset reads from the end");
    }

    @Test
    @Order(7)
    void readLogWithoutALogfileIsNoFile() throws Exception {
        Files.writeString(
                d.conf,
                "[taskmasterd]\npidfile = %(here)s/tm.pid\njolokia_port = 0\n" + "environment = TM_TAG=" + d.tag + "\n"
                        + PROGRAMS);
        value(d.exec(SUP, "reload"));
        JSONObject none = d.exec(SUP, "readLog", -100, 100);
        assertThat((String) none.get("error")).contains("NO_FILE: taskmasterd: the daemon has no event log file");
    }
}
