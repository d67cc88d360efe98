package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.EventType;
import taskmaster.output.LogStream;
import taskmaster.testing.SupervisorPython;

/**
 * Every payload and envelope byte for byte as supervisord's own classes render them: the same
 * cases go through {@code supervisor.events} and {@code EventListenerPool._eventEnvelope}.
 */
class PayloadsTest {

    private final List<String> lines = new ArrayList<>();
    private final List<byte[]> ours = new ArrayList<>();

    private void add(Event e, long serial, long poolSerial, String pool, String pythonCase) {
        e.serial = serial;
        ours.add(Envelope.of(e, pool, poolSerial));
        lines.add(serial + "\t" + poolSerial + "\t" + pool + "\t" + pythonCase);
    }

    @Test
    void everyTypeRendersAsSupervisordRendersIt() throws Exception {
        long serial = 0;
        for (ProcessState to : ProcessState.values()) {
            for (ProcessState from : List.of(ProcessState.STARTING, ProcessState.RUNNING, ProcessState.BACKOFF)) {
                for (boolean expected : List.of(true, false)) {
                    add(
                            Payloads.processState("web_01", "web", from, to, 3, expected, 4242),
                            serial++,
                            7,
                            "mon",
                            String.join(
                                    "\t",
                                    "state",
                                    to.name(),
                                    from.name(),
                                    "web_01",
                                    "web",
                                    "3",
                                    expected ? "1" : "0",
                                    "4242"));
                }
            }
        }
        add(Payloads.tick(EventType.TICK_5, 1700000005), 10, 0, "t", "tick\tTICK_5\t1700000005");
        add(Payloads.tick(EventType.TICK_60, 1700000040), 11, 1, "t", "tick\tTICK_60\t1700000040");
        add(Payloads.tick(EventType.TICK_3600, 1699999200), 12, 2, "t", "tick\tTICK_3600\t1699999200");
        add(
                Payloads.supervisorState(EventType.SUPERVISOR_STATE_CHANGE_RUNNING),
                0,
                0,
                "p",
                "sup\tSUPERVISOR_STATE_CHANGE_RUNNING");
        add(
                Payloads.supervisorState(EventType.SUPERVISOR_STATE_CHANGE_STOPPING),
                1,
                1,
                "p",
                "sup\tSUPERVISOR_STATE_CHANGE_STOPPING");
        add(Payloads.group(EventType.PROCESS_GROUP_ADDED, "web"), 2, 2, "p", "group\tPROCESS_GROUP_ADDED\tweb");
        add(Payloads.group(EventType.PROCESS_GROUP_REMOVED, "web"), 3, 3, "p", "group\tPROCESS_GROUP_REMOVED\tweb");
        List<byte[]> data = List.of(
                "hello\nworld\n".getBytes(StandardCharsets.UTF_8),
                "d\u00e9j\u00e0 \u20ac \uD83D\uDE00\n".getBytes(StandardCharsets.UTF_8), // len counts characters
                new byte[] {(byte) 0xff, 'a', '\'', 0, '\t', '\\', (byte) 0x80},
                new byte[] {'"', '\'', (byte) 0xc3},
                new byte[] {'\'', (byte) 0xc3},
                new byte[] {});
        for (byte[] d : data) {
            for (LogStream s : LogStream.values()) {
                String channel = s == LogStream.STDOUT ? "stdout" : "stderr";
                add(
                        Payloads.log("web_01", "web", 99, s, d),
                        serial++,
                        1,
                        "logs",
                        "log\t" + channel + "\tweb_01\tweb\t99\t"
                                + HexFormat.of().formatHex(d));
            }
        }

        for (String d : List.of("", "hello", "two\nlines \u20ac\n")) {
            add(
                    Payloads.remote("deploy", d),
                    serial++,
                    2,
                    "rc",
                    "remote\tdeploy\t" + HexFormat.of().formatHex(d.getBytes(StandardCharsets.UTF_8)));
        }

        List<String> expected = SupervisorPython.run(
                SupervisorPython.resource(PayloadsTest.class, "render_events.py"), String.join("\n", lines) + "\n");

        assertThat(expected).hasSameSizeAs(ours);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(new String(ours.get(i), StandardCharsets.UTF_8))
                    .as("case %s", lines.get(i))
                    .isEqualTo(new String(HexFormat.of().parseHex(expected.get(i)), StandardCharsets.UTF_8));
            assertThat(HexFormat.of().formatHex(ours.get(i))).isEqualTo(expected.get(i));
        }
    }

    @Test
    void pythonReprOfBytes() {
        assertThat(PyText.repr(new byte[] {'a', '\'', '"'})).isEqualTo("b'a\\'\"'");
        assertThat(PyText.repr(new byte[] {'\''})).isEqualTo("b\"'\"");
        assertThat(PyText.repr(new byte[] {0x7f, 0x1f, '\r'})).isEqualTo("b'\\x7f\\x1f\\r'");
    }
}
