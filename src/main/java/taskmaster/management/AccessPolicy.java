package taskmaster.management;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServerDelegate;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What the RMI connector lets anyone do, read from the shipped Jolokia policy (the same bytes as
 * conf/jolokia-access.xml) so that both front doors serve one allow-list: its {@code <allow>} and
 * {@code <deny>} MBean entries, with Jolokia's meaning (an attribute without {@code mode="read"} may
 * also be written; a deny wins). Its {@code jolokia:*} entries are Jolokia's own machinery and mean
 * nothing over RMI, so they are left out. Two things are added for RMI: the MBean server delegate
 * may be read and listened to (JMX clients learn of new beans through it; its notifications are
 * filtered to allowed names by {@link AllowListForwarder}), and a floor that no policy lifts:
 * DiagnosticCommand, HotSpotDiagnostic ({@code dumpHeap} would write the daemon's secrets into a
 * file) and JFR are refused whatever the file says.
 */
final class AccessPolicy {

    /** The shipped policy, on the classpath. */
    static final String BUNDLED = JolokiaService.BUNDLED_POLICY;

    private static final List<ObjectName> NEVER = List.of(
            name("com.sun.management:type=DiagnosticCommand"),
            name("com.sun.management:type=HotSpotDiagnostic"),
            name("jdk.management.jfr:*"));

    private final List<Rule> allow;
    private final List<Rule> deny;

    private AccessPolicy(List<Rule> allow, List<Rule> deny) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
    }

    /**
     * One {@code <mbean>} entry.
     *
     * @param readable attribute names that may be read ({@code *}: all)
     * @param writable attribute names that may be written
     * @param operations operation names that may be invoked (or are denied, in a deny rule)
     */
    private record Rule(ObjectName pattern, Set<String> readable, Set<String> writable, Set<String> operations) {
        boolean matches(ObjectName n) {
            return pattern.apply(n);
        }

        static boolean has(Set<String> set, String name) {
            return set.contains("*") || set.contains(name);
        }
    }

    /** The shipped policy. */
    static AccessPolicy bundled() throws ManagementException {
        try (InputStream in = AccessPolicy.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new ManagementException("the bundled access policy " + BUNDLED
                        + " is missing from the classpath; refusing to open the JMX connector without it");
            }
            return parse(in);
        } catch (IOException | SAXException | ParserConfigurationException | MalformedObjectNameException e) {
            throw new ManagementException(
                    "the bundled access policy " + BUNDLED + " cannot be read: " + e.getMessage(), e);
        }
    }

    static AccessPolicy parse(InputStream in)
            throws ParserConfigurationException, IOException, SAXException, MalformedObjectNameException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(in);
        List<Rule> allow = new ArrayList<>();
        List<Rule> deny = new ArrayList<>();
        for (Element mbean : children(doc.getDocumentElement(), "allow", "mbean")) {
            Rule r = rule(mbean);
            if (!r.pattern().getDomain().equals("jolokia")) {
                allow.add(r);
            }
        }
        for (Element mbean : children(doc.getDocumentElement(), "deny", "mbean")) {
            deny.add(rule(mbean));
        }
        // The delegate: reads and notifications only (see the class comment).
        allow.add(new Rule(MBeanServerDelegate.DELEGATE_NAME, Set.of("*"), Set.of(), Set.of()));
        for (ObjectName n : NEVER) {
            deny.add(new Rule(n, Set.of("*"), Set.of("*"), Set.of("*")));
        }
        return new AccessPolicy(allow, deny);
    }

    private static Rule rule(Element mbean) throws MalformedObjectNameException {
        ObjectName pattern = null;
        Set<String> readable = new HashSet<>();
        Set<String> writable = new HashSet<>();
        Set<String> ops = new HashSet<>();
        for (Node n = mbean.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            String text = e.getTextContent().strip();
            switch (e.getTagName()) {
                case "name" -> pattern = new ObjectName(text);
                case "attribute" -> {
                    readable.add(text);
                    if (!"read".equals(e.getAttribute("mode"))) {
                        writable.add(text);
                    }
                }
                case "operation" -> ops.add(text);
                default -> {
                    // Jolokia-only entries (none today) mean nothing to the connector
                }
            }
        }
        if (pattern == null) {
            throw new MalformedObjectNameException("an <mbean> entry without <name>");
        }
        return new Rule(pattern, readable, writable, ops);
    }

    private static List<Element> children(Element root, String section, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList sections = root.getElementsByTagName(section);
        for (int i = 0; i < sections.getLength(); i++) {
            for (Node n = sections.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(tag)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** Whether the bean may be seen at all: listed by queries, described, listened to. */
    boolean visible(ObjectName n) {
        return allow.stream().anyMatch(r -> r.matches(n)) && NEVER.stream().noneMatch(p -> p.apply(n));
    }

    boolean canRead(ObjectName n, String attribute) {
        return visible(n)
                && allow.stream().anyMatch(r -> r.matches(n) && Rule.has(r.readable(), attribute))
                && deny.stream().noneMatch(r -> r.matches(n) && Rule.has(r.readable(), attribute));
    }

    boolean canWrite(ObjectName n, String attribute) {
        return visible(n)
                && allow.stream().anyMatch(r -> r.matches(n) && Rule.has(r.writable(), attribute))
                && deny.stream().noneMatch(r -> r.matches(n) && Rule.has(r.readable(), attribute));
    }

    boolean canInvoke(ObjectName n, String operation) {
        return visible(n)
                && allow.stream().anyMatch(r -> r.matches(n) && Rule.has(r.operations(), operation))
                && deny.stream().noneMatch(r -> r.matches(n) && Rule.has(r.operations(), operation));
    }

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
