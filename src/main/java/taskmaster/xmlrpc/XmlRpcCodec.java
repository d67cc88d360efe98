package taskmaster.xmlrpc;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML-RPC's wire format (a {@code <methodCall>} in, a {@code <methodResponse>} out), written on the
 * JDK's StAX reader rather than a library: Apache XML-RPC, the only complete Java one, has had no
 * release since 2010 and parses with external entities on by default; the format is a dozen
 * elements, and a reader of our own lets every limit be ours.
 *
 * <p>The reader takes no DTD and no entity but the five predefined ones (a {@code DOCTYPE} is refused
 * before anything in it is read, so no external entity is ever fetched and no entity expands), and
 * bounds the nesting and the number of values; the caller bounds the body's size. Values are the
 * JDK types {@link RpcDispatcher} lists.
 */
public final class XmlRpcCodec {

    /** The fault codes of the XML-RPC fault-code convention (Python's xmlrpc.client names them too). */
    public static final int NOT_WELLFORMED = -32700;

    public static final int INVALID_XMLRPC = -32600;
    public static final int INTERNAL_ERROR = -32603;

    /** Deeper nesting is refused: supervisord's methods take flat values, multicall two levels. */
    static final int MAX_DEPTH = 32;

    /** More values are refused: a multicall of every process of a large file stays far below. */
    static final int MAX_VALUES = 200_000;

    /** Python's xmlrpc.client writes {@code 20261201T12:00:00}; the dashed form is accepted too. */
    private static final DateTimeFormatter ISO_BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");

    private static final DateTimeFormatter ISO_DASHED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private static final XMLInputFactory FACTORY = factory();

    private XmlRpcCodec() {}

    /** A parsed {@code <methodCall>}. */
    public record Call(String method, List<Object> params) {}

    /** A request that is not an XML-RPC call: its message says what is wrong, in one line. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        MalformedException(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        /** {@link #NOT_WELLFORMED} for broken XML, {@link #INVALID_XMLRPC} for XML that is no call. */
        public int code() {
            return code;
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /** Reads a {@code <methodCall>}. */
    public static Call parseCall(byte[] body) throws MalformedException {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            return new Parser(r).call();
        } catch (XMLStreamException e) {
            throw new MalformedException(
                    NOT_WELLFORMED,
                    "not well-formed XML" + where(e.getLocation()) + ": "
                            + firstLine(
                                    e.getNestedException() != null
                                            ? e.getNestedException().getMessage()
                                            : e.getMessage()));
        } catch (RuntimeException e) {
            // The JDK's parser throws unchecked exceptions for some broken input (a bad encoding name).
            throw new MalformedException(NOT_WELLFORMED, "not well-formed XML: " + firstLine(e.getMessage()));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing is held open: the input is a byte array
                }
            }
        }
    }

    private static String where(Location l) {
        return l == null || l.getLineNumber() < 0
                ? ""
                : " at line " + l.getLineNumber() + ", column " + l.getColumnNumber();
    }

    /** The message's own text: StAX prefixes it with "ParseError at [row,col]" and a newline. */
    private static String firstLine(String m) {
        if (m == null || m.isBlank()) {
            return "unreadable";
        }
        String text = m;
        int at = text.indexOf("Message: ");
        if (at >= 0) {
            text = text.substring(at + "Message: ".length());
        }
        text = text.strip();
        int nl = text.indexOf('\n');
        text = nl < 0 ? text : text.substring(0, nl);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** One pass over the events, element by element; every refusal names the element. */
    private static final class Parser {
        private final XMLStreamReader r;
        private int values;

        Parser(XMLStreamReader r) {
            this.r = r;
        }

        Call call() throws XMLStreamException, MalformedException {
            start("methodCall");
            String method = null;
            List<Object> params = new ArrayList<>();
            boolean sawParams = false;
            while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                switch (r.getLocalName()) {
                    case "methodName" -> {
                        if (method != null) {
                            throw invalid("<methodName> is given twice");
                        }
                        method = text().strip();
                    }
                    case "params" -> {
                        if (sawParams) {
                            throw invalid("<params> is given twice");
                        }
                        sawParams = true;
                        while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                            expect("param");
                            start("value");
                            params.add(valueBody(1));
                            endOf("param");
                        }
                    }
                    default -> throw invalid("unexpected <" + r.getLocalName() + "> in <methodCall>");
                }
            }
            if (method == null || method.isEmpty()) {
                throw invalid("the call has no <methodName>");
            }
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.START_ELEMENT
                        || (e == XMLStreamConstants.CHARACTERS && !r.isWhiteSpace())) {
                    throw invalid("content after </methodCall>");
                }
                refuseDtd(e);
            }
            return new Call(method, params);
        }

        /** After {@code <value>}: the value and its {@code </value>}. A value without a type is a string. */
        private Object valueBody(int depth) throws XMLStreamException, MalformedException {
            if (depth > MAX_DEPTH) {
                throw invalid("values nested deeper than " + MAX_DEPTH);
            }
            if (++values > MAX_VALUES) {
                throw invalid("more than " + MAX_VALUES + " values");
            }
            StringBuilder text = new StringBuilder();
            while (true) {
                int e = r.next();
                refuseDtd(e);
                if (e == XMLStreamConstants.CHARACTERS
                        || e == XMLStreamConstants.CDATA
                        || e == XMLStreamConstants.SPACE) {
                    text.append(r.getText());
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    return text.toString();
                } else if (e == XMLStreamConstants.START_ELEMENT) {
                    if (!text.toString().isBlank()) {
                        throw invalid("text beside <" + r.getLocalName() + "> in a <value>");
                    }
                    Object v = typed(depth);
                    endOf("value");
                    return v;
                }
            }
        }

        /** At a type element: its value, through its end tag. */
        private Object typed(int depth) throws XMLStreamException, MalformedException {
            String type = r.getLocalName();
            return switch (type) {
                case "i4", "int", "i8" -> integer(type, text());
                case "boolean" -> bool(text());
                case "string" -> text();
                case "double" -> real(text());
                case "base64" -> base64(text());
                case "dateTime.iso8601" -> dateTime(text());
                case "array" -> array(depth);
                case "struct" -> struct(depth);
                case "nil" -> throw invalid("<nil/> is not accepted (supervisord's methods take no None)");
                default -> throw invalid("unknown value type <" + type + ">");
            };
        }

        private List<Object> array(int depth) throws XMLStreamException, MalformedException {
            start("data");
            List<Object> list = new ArrayList<>();
            while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                expect("value");
                list.add(valueBody(depth + 1));
            }
            endOf("array");
            return list;
        }

        private Map<String, Object> struct(int depth) throws XMLStreamException, MalformedException {
            Map<String, Object> map = new LinkedHashMap<>();
            while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                expect("member");
                String name = null;
                Object value = null;
                boolean hasValue = false;
                while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "name" -> name = text();
                        case "value" -> {
                            value = valueBody(depth + 1);
                            hasValue = true;
                        }
                        default -> throw invalid("unexpected <" + r.getLocalName() + "> in a <member>");
                    }
                }
                if (name == null || !hasValue) {
                    throw invalid("a <member> needs a <name> and a <value>");
                }
                map.put(name, value);
            }
            return map;
        }

        private Object integer(String type, String text) throws MalformedException {
            try {
                long v = Long.parseLong(text.strip());
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw invalid("<" + type + "> " + v + " is beyond a 32-bit integer");
                }
                return (int) v;
            } catch (NumberFormatException e) {
                throw invalid("<" + type + "> is not an integer");
            }
        }

        private Object bool(String text) throws MalformedException {
            return switch (text.strip()) {
                case "1" -> true;
                case "0" -> false;
                default -> throw invalid("<boolean> is neither 0 nor 1");
            };
        }

        private Object real(String text) throws MalformedException {
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw invalid("<double> is not a number");
            }
        }

        private Object base64(String text) throws MalformedException {
            try {
                return Base64.getMimeDecoder().decode(text.strip());
            } catch (IllegalArgumentException e) {
                throw invalid("<base64> is not base64");
            }
        }

        private Object dateTime(String text) throws MalformedException {
            String t = text.strip();
            try {
                return LocalDateTime.parse(t, t.contains("-") ? ISO_DASHED : ISO_BASIC);
            } catch (DateTimeParseException e) {
                throw invalid("<dateTime.iso8601> is not like 20261201T12:00:00");
            }
        }

        /** The text of an element with no children, through its end tag. */
        private String text() throws XMLStreamException, MalformedException {
            String name = r.getLocalName();
            StringBuilder b = new StringBuilder();
            while (true) {
                int e = r.next();
                refuseDtd(e);
                if (e == XMLStreamConstants.CHARACTERS
                        || e == XMLStreamConstants.CDATA
                        || e == XMLStreamConstants.SPACE) {
                    b.append(r.getText());
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    return b.toString();
                } else if (e == XMLStreamConstants.START_ELEMENT) {
                    throw invalid("<" + r.getLocalName() + "> inside <" + name + ">");
                }
            }
        }

        /** The next start or end tag, skipping white space and comments; other text is refused. */
        private int nextTag() throws XMLStreamException, MalformedException {
            while (true) {
                int e = r.next();
                refuseDtd(e);
                switch (e) {
                    case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
                        return e;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!r.isWhiteSpace()) {
                            throw invalid("unexpected text " + quote(r.getText()));
                        }
                    }
                    case XMLStreamConstants.END_DOCUMENT -> throw invalid("the document ends inside an element");
                    default -> {
                        // white space, comments, processing instructions
                    }
                }
            }
        }

        private void start(String name) throws XMLStreamException, MalformedException {
            if (nextTag() != XMLStreamConstants.START_ELEMENT) {
                throw invalid("<" + name + "> expected");
            }
            expect(name);
        }

        private void expect(String name) throws MalformedException {
            if (!r.getLocalName().equals(name)) {
                throw invalid("<" + name + "> expected, not <" + r.getLocalName() + ">");
            }
        }

        /** The end tag of {@code name}, with nothing before it. */
        private void endOf(String name) throws XMLStreamException, MalformedException {
            if (nextTag() != XMLStreamConstants.END_ELEMENT) {
                throw invalid("</" + name + "> expected, not <" + r.getLocalName() + ">");
            }
        }

        private static void refuseDtd(int event) throws MalformedException {
            if (event == XMLStreamConstants.DTD) {
                throw new MalformedException(INVALID_XMLRPC, "a DOCTYPE is not accepted (no DTD, no entities)");
            }
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new MalformedException(INVALID_XMLRPC, "an entity reference is not accepted");
            }
        }

        private static MalformedException invalid(String why) {
            return new MalformedException(INVALID_XMLRPC, why);
        }

        private static String quote(String t) {
            String s = t.strip();
            return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
    }

    /** A {@code <methodCall>}, as a client sends it. */
    public static byte[] call(String method, List<Object> params) {
        StringBuilder b = new StringBuilder(256);
        escape(b.append("<?xml version='1.0'?>\n<methodCall>\n<methodName>"), method)
                .append("</methodName>\n<params>\n");
        for (Object p : params) {
            b.append("<param>\n");
            value(b, p, 0);
            b.append("</param>\n");
        }
        b.append("</params>\n</methodCall>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code <methodResponse>} with one value. */
    public static byte[] response(Object value) {
        StringBuilder b = new StringBuilder(256);
        b.append("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n");
        value(b, value, 0);
        b.append("</param>\n</params>\n</methodResponse>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code <methodResponse>} with a fault, as Python's xmlrpc.client reads it. */
    public static byte[] fault(int code, String string) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("faultCode", code);
        f.put("faultString", string == null ? "" : string);
        StringBuilder b = new StringBuilder(256);
        b.append("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n");
        value(b, f, 0);
        b.append("</fault>\n</methodResponse>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One value. A type that XML-RPC cannot carry (null among them: supervisord answers without
     * None too) is a dispatcher's mistake, thrown as IllegalArgumentException for the caller's fault.
     */
    private static void value(StringBuilder b, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("a value nested deeper than " + MAX_DEPTH);
        }
        b.append("<value>");
        switch (v) {
            case null -> throw new IllegalArgumentException("null has no XML-RPC form");
            case String s -> escape(b.append("<string>"), s).append("</string>");
            case Boolean x -> b.append("<boolean>").append(x ? '1' : '0').append("</boolean>");
            case Integer i -> b.append("<int>").append(i).append("</int>");
            case Long l
            when l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ->
                b.append("<int>").append(l).append("</int>");
            case Long l -> b.append("<i8>").append(l).append("</i8>");
            case Double d -> b.append("<double>").append(real(d)).append("</double>");
            case byte[] bytes ->
                b.append("<base64>")
                        .append(Base64.getEncoder().encodeToString(bytes))
                        .append("</base64>");
            case LocalDateTime t ->
                b.append("<dateTime.iso8601>").append(ISO_BASIC.format(t)).append("</dateTime.iso8601>");
            case List<?> list -> {
                b.append("<array><data>\n");
                for (Object o : list) {
                    value(b, o, depth + 1);
                }
                b.append("</data></array>");
            }
            case Map<?, ?> map -> {
                b.append("<struct>\n");
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String k)) {
                        throw new IllegalArgumentException("a struct member's name must be a string");
                    }
                    escape(b.append("<member>\n<name>"), k).append("</name>\n");
                    value(b, e.getValue(), depth + 1);
                    b.append("</member>\n");
                }
                b.append("</struct>");
            }
            default -> throw new IllegalArgumentException("a " + v.getClass().getSimpleName() + " has no XML-RPC form");
        }
        b.append("</value>\n");
    }

    /** Python's repr of a float reads back everywhere; Java's "1.0E10" does too, and so do NaN and Infinity. */
    private static String real(double d) {
        return Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : Double.toString(d);
    }

    /**
     * The text as XML 1.0 content. A character XML 1.0 cannot hold at all (a control character
     * such as the ESC of a colour code in a log, a lone surrogate) becomes U+FFFD: written raw or
     * as a character reference it would make the client's parser refuse the whole answer, which
     * is what supervisorctl's {@code tail} does against supervisord on such a log. A carriage
     * return is written as a reference, which parsers keep instead of turning it into a newline.
     */
    static StringBuilder escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\r' -> b.append("&#13;");
                case '\t', '\n' -> b.append(c);
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b;
    }
}
