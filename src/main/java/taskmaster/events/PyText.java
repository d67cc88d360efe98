package taskmaster.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text as supervisord renders it in payloads: output is decoded as strict UTF-8, and bytes that
 * are not UTF-8 become {@code Undecodable: b'...'}, Python's repr of them, so a listener sees the
 * same line under both daemons.
 */
final class PyText {
    private PyText() {}

    static String decode(byte[] data) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return "Undecodable: " + repr(data);
        }
    }

    /** Python's {@code repr(bytes)}: single quotes unless the bytes hold ' and no ". */
    static String repr(byte[] data) {
        boolean single = false;
        boolean dbl = false;
        for (byte b : data) {
            single |= b == '\'';
            dbl |= b == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder s = new StringBuilder(data.length + 3).append('b').append(quote);
        for (byte b : data) {
            int c = b & 0xff;
            if (c == quote || c == '\\') {
                s.append('\\').append((char) c);
            } else if (c == '\t') {
                s.append("\\t");
            } else if (c == '\n') {
                s.append("\\n");
            } else if (c == '\r') {
                s.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                s.append(String.format("\\x%02x", c));
            } else {
                s.append((char) c);
            }
        }
        return s.append(quote).toString();
    }

    /** Python's {@code len(str)}: code points, which is what the {@code len:} header counts. */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
