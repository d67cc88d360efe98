package taskmaster.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire format alone: every value type both ways, and each kind of malformed request refused with its code. */
class XmlRpcCodecTest {

    private static XmlRpcCodec.Call parse(String xml) throws XmlRpcCodec.MalformedException {
        return XmlRpcCodec.parseCall(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String call(String method, String params) {
        return "<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName><params>" + params
                + "</params></methodCall>";
    }

    @Test
    void everyTypeSurvivesARoundTrip() throws Exception {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("name", "web:web_00");
        struct.put("pid", 4242);
        struct.put("b<&>", List.of(true, false));
        List<Object> params = List.of(
                "plain",
                "",
                "ünïcödé ✓ 😀 <tag> & \"quotes\" 'apos'\nline\ttab",
                Integer.MAX_VALUE,
                Integer.MIN_VALUE,
                true,
                false,
                1.5,
                -0.25,
                new byte[] {0, 1, 2, (byte) 0xff},
                LocalDateTime.of(2026, 12, 1, 12, 34, 56),
                List.of(),
                List.of(1, "two", List.of(3)),
                Map.of(),
                struct);
        XmlRpcCodec.Call c = XmlRpcCodec.parseCall(XmlRpcCodec.call("supervisor.echo", params));
        assertThat(c.method()).isEqualTo("supervisor.echo");
        assertThat(c.params()).hasSize(params.size());
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) instanceof byte[] b) {
                assertThat((byte[]) c.params().get(i)).isEqualTo(b);
            } else {
                assertThat(c.params().get(i)).as("param %d", i).isEqualTo(params.get(i));
            }
        }
        assertThat(((Map<?, ?>) c.params().get(14))
                        .keySet().stream().map(Object::toString).toList())
                .containsExactly("name", "pid", "b<&>");
    }

    @Test
    void aValueWithoutATypeIsAStringAndIntegersMayBeI4OrI8() throws Exception {
        XmlRpcCodec.Call c = parse(call(
                "m",
                "<param><value>  spaced  </value></param><param><value><i4>7</i4></value></param>"
                        + "<param><value><i8>-8</i8></value></param><param><value/></param>"
                        + "<param><value><dateTime.iso8601>2026-12-01T01:02:03</dateTime.iso8601></value></param>"
                        + "<param><value><string><![CDATA[<x>]]></string></value></param>"
                        + "<param><value><string>&#65;&amp;&lt;</string></value></param>"));
        assertThat(c.params())
                .containsExactly("  spaced  ", 7, -8, "", LocalDateTime.of(2026, 12, 1, 1, 2, 3), "<x>", "A&<");
    }

    @Test
    void aCallWithoutParamsHasNone() throws Exception {
        assertThat(parse("<methodCall><methodName> system.listMethods </methodName></methodCall>"))
                .isEqualTo(new XmlRpcCodec.Call("system.listMethods", List.of()));
    }

    @Test
    void theAnswerIsWhatPythonWrites() {
        assertThat(new String(XmlRpcCodec.response(List.of(1, "a")), StandardCharsets.UTF_8))
                .isEqualTo("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
                        + "<value><array><data>\n<value><int>1</int></value>\n<value><string>a</string></value>\n"
                        + "</data></array></value>\n</param>\n</params>\n</methodResponse>\n");
        assertThat(new String(XmlRpcCodec.fault(10, "BAD_NAME: x<y"), StandardCharsets.UTF_8))
                .contains("<name>faultCode</name>\n<value><int>10</int></value>")
                .contains("<name>faultString</name>\n<value><string>BAD_NAME: x&lt;y</string></value>");
    }

    /** A colour code in a log would make the client's parser refuse the whole answer (it does with supervisord). */
    @Test
    void charactersXmlCannotHoldBecomeTheReplacementCharacterAndCarriageReturnsSurvive() throws Exception {
        String text = "red \u001b[31mX\u001b[0m\u0000 cr\r\n lone \ud800 pair 😀";
        String xml = new String(XmlRpcCodec.response(text), StandardCharsets.UTF_8);
        assertThat(xml).doesNotContain("\u001b", "\u0000", "\r").contains("&#13;", "😀");
        XmlRpcCodec.Call back = XmlRpcCodec.parseCall(XmlRpcCodec.call("m", List.of(text)));
        assertThat(back.params().getFirst()).isEqualTo("red \uFFFD[31mX\uFFFD[0m\uFFFD cr\r\n lone \uFFFD pair 😀");
    }

    @Test
    void aValueXmlRpcCannotCarryIsTheDispatchersMistake() {
        assertThatThrownBy(() -> XmlRpcCodec.response(new Object())).isInstanceOf(IllegalArgumentException.class);
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> XmlRpcCodec.response(withNull)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlRpcCodec.response(Map.of(1, 2))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not xml at all",
                "<methodCall><methodName>m</methodName>",
                "<methodCall><methodName>m</methodName></methodCall><second/>",
                "<methodCall><methodName>m</methodName></methodCal>",
                "<?xml version='1.0' encoding='no-such-encoding'?><methodCall/>",
            })
    void brokenXmlIsNotWellFormed(String body) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(XmlRpcCodec.MalformedException.class)
                .satisfies(e -> assertThat(((XmlRpcCodec.MalformedException) e).code())
                        .isIn(XmlRpcCodec.NOT_WELLFORMED, XmlRpcCodec.INVALID_XMLRPC))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "Exception", "\tat "));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<methodCall></methodCall>",
                "<methodCall><methodName></methodName></methodCall>",
                "<methodCall><methodName>a</methodName><methodName>b</methodName></methodCall>",
                "<methodResponse><params/></methodResponse>",
                "<methodCall><methodName>m</methodName><params><param><value><int>x</int></value></param></params>"
                        + "</methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><int>4294967295</int></value></param>"
                        + "</params></methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><boolean>yes</boolean></value></param>"
                        + "</params></methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><nil/></value></param></params>"
                        + "</methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><float>1</float></value></param>"
                        + "</params></methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value>a<string>b</string></value></param>"
                        + "</params></methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><struct><member><name>x</name>"
                        + "</member></struct></value></param></params></methodCall>",
                "<methodCall><methodName>m<b/></methodName></methodCall>",
                "<methodCall>text<methodName>m</methodName></methodCall>",
            })
    void xmlThatIsNoCallIsInvalid(String body) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(XmlRpcCodec.MalformedException.class)
                .satisfies(e ->
                        assertThat(((XmlRpcCodec.MalformedException) e).code()).isEqualTo(XmlRpcCodec.INVALID_XMLRPC));
    }

    @Test
    void noDtdNoExternalEntityNoEntityExpansion() {
        String external =
                "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>" + call("&e;", "");
        String laughs = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;'>"
                + "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;'>]>" + call("m", "<param><value>&c;</value></param>");
        String undeclared = call("&undeclared;", "");
        for (String body : List.of(external, laughs)) {
            assertThatThrownBy(() -> parse(body))
                    .isInstanceOf(XmlRpcCodec.MalformedException.class)
                    .hasMessageContaining("DOCTYPE")
                    .hasMessageNotContaining("root:");
        }
        assertThatThrownBy(() -> parse(undeclared)).isInstanceOf(XmlRpcCodec.MalformedException.class);
    }

    @Test
    void nestingAndCountAreBounded() throws Exception {
        String deep = "<value><array><data>".repeat(XmlRpcCodec.MAX_DEPTH + 1) + "<value>x</value>"
                + "</data></array></value>".repeat(XmlRpcCodec.MAX_DEPTH + 1);
        assertThatThrownBy(() -> parse(call("m", "<param>" + deep + "</param>")))
                .isInstanceOf(XmlRpcCodec.MalformedException.class)
                .hasMessageContaining("deeper than");
        String ok = "<value><array><data>".repeat(XmlRpcCodec.MAX_DEPTH - 2) + "<value>x</value>"
                + "</data></array></value>".repeat(XmlRpcCodec.MAX_DEPTH - 2);
        assertThat(parse(call("m", "<param>" + ok + "</param>")).params()).hasSize(1);
        String many = "<value><array><data>" + "<value><int>1</int></value>".repeat(XmlRpcCodec.MAX_VALUES)
                + "</data></array></value>";
        assertThatThrownBy(() -> parse(call("m", "<param>" + many + "</param>")))
                .isInstanceOf(XmlRpcCodec.MalformedException.class)
                .hasMessageContaining("more than");
    }
}
