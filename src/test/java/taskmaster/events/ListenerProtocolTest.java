package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.events.Fixtures.bytes;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener side of supervisord's protocol, as PEventListenerDispatcher reads it. */
class ListenerProtocolTest {

    private final List<String> seen = new ArrayList<>();
    private final ListenerProtocol p = new ListenerProtocol("mon", new ListenerProtocol.Sink() {
        @Override
        public void result(byte[] body) {
            seen.add("result:" + new String(body));
        }

        @Override
        public void rejected() {
            seen.add("rejected");
        }
    });

    private void feed(String... chunks) {
        for (String c : chunks) {
            p.feed(bytes(c));
        }
    }

    @Test
    void readyThenResultInOnePieceEach() {
        assertThat(p.state()).isEqualTo(ListenerState.ACKNOWLEDGED);
        feed("READY\n");
        assertThat(p.state()).isEqualTo(ListenerState.READY);
        p.sent();
        feed("RESULT 2\nOK");
        assertThat(seen).containsExactly("result:OK");
        assertThat(p.state()).isEqualTo(ListenerState.ACKNOWLEDGED);
    }

    @Test
    void tokensSplitAcrossReadsAreWaitedFor() {
        feed("R", "EA", "DY");
        assertThat(p.state()).isEqualTo(ListenerState.ACKNOWLEDGED);
        feed("\n");
        assertThat(p.state()).isEqualTo(ListenerState.READY);
        p.sent();
        feed("RESU", "LT 4", "\nFA", "I");
        assertThat(seen).isEmpty();
        assertThat(p.state()).isEqualTo(ListenerState.BUSY);
        feed("L");
        assertThat(seen).containsExactly("result:FAIL");
    }

    @Test
    void resultAndNextReadyInOneRead() {
        feed("READY\n");
        p.sent();
        feed("RESULT 2\nOKREADY\n");
        assertThat(seen).containsExactly("result:OK");
        assertThat(p.state()).isEqualTo(ListenerState.READY);
    }

    @Test
    void garbageInsteadOfReadyIsUnknownForGood() {
        feed("hello world\n");
        assertThat(p.state()).isEqualTo(ListenerState.UNKNOWN);
        feed("READY\n");
        assertThat(p.state()).isEqualTo(ListenerState.UNKNOWN);
        p.restart();
        feed("READY\n");
        assertThat(p.state()).isEqualTo(ListenerState.READY);
    }

    @Test
    void anythingAfterReadyBeforeAnEventIsUnknown() {
        feed("READY\nREADY\n");
        assertThat(p.state()).isEqualTo(ListenerState.UNKNOWN);
        assertThat(seen).isEmpty();
    }

    @Test
    void badResultLineRejectsTheEventInFlight() {
        feed("READY\n");
        p.sent();
        feed("RESULT two\nOK");
        assertThat(seen).containsExactly("rejected");
        assertThat(p.state()).isEqualTo(ListenerState.UNKNOWN);
    }

    @Test
    void lengthIsReadAsPythonsIntReadsIt() {
        assertThat(ListenerProtocol.parseLength(bytes("RESULT 2"))).isEqualTo(2);
        assertThat(ListenerProtocol.parseLength(bytes("RESULT  +12 \r"))).isEqualTo(12);
        assertThat(ListenerProtocol.parseLength(bytes("XXXXXX 3"))).isEqualTo(3); // the token is not checked
        assertThat(ListenerProtocol.parseLength(bytes("RESULT "))).isEqualTo(-1);
        assertThat(ListenerProtocol.parseLength(bytes("RESULT 2x"))).isEqualTo(-1);
        assertThat(ListenerProtocol.parseLength(bytes("RESULT 99999999"))).isEqualTo(-1);
    }

    @Test
    void anEndlessResultLineIsBadNotUnboundedMemory() {
        feed("READY\n");
        p.sent();
        feed("RESULT " + "9".repeat(ListenerProtocol.MAX_LINE));
        assertThat(seen).containsExactly("rejected");
        assertThat(p.state()).isEqualTo(ListenerState.UNKNOWN);
    }

    @Test
    void emptyResultWaitsForTheNextReadAsSupervisordDoes() {
        feed("READY\n");
        p.sent();
        feed("RESULT 0\n");
        assertThat(seen).isEmpty();
        feed("READY\n");
        assertThat(seen).containsExactly("result:");
        assertThat(p.state()).isEqualTo(ListenerState.READY);
    }
}
