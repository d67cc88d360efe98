package taskmaster.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** supervisorctl's tail -f request over a unix socket, as its http_client writes it. */
class BlankHostFixTest {

    private static String named(String head) {
        ByteBuffer b = BlankHostFix.named(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aBlankHostOfTheHeadNamesLocalhost() {
        assertThat(named("GET /logtail/talk/stdout HTTP/1.1\r\nHost: \r\nAccept: */*\r\n\r\n"))
                .isEqualTo("GET /logtail/talk/stdout HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n");
        assertThat(named("GET / HTTP/1.1\r\nHost:\r\n\r\n")).isEqualTo("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    @Test
    void anythingElseIsLeftAlone() {
        String named = "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n";
        assertThat(named(named)).isEqualTo(named);
        // in the body, not the head
        String body = "POST /RPC2 HTTP/1.1\r\nHost: x\r\n\r\nabc\r\nHost: \r\n";
        assertThat(named(body)).isEqualTo(body);
    }
}
