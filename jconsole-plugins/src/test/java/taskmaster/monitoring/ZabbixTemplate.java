package taskmaster.monitoring;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The shipped {@code conf/zabbix/taskmaster_by_jmx.yaml}, read as plain maps and lists: the
 * template, its items, its discovery rules with their prototypes, the trigger expressions and the
 * macros, for a test to check and to send through the gateway.
 */
final class ZabbixTemplate {

    static final String NAME = "Taskmaster by JMX";
    private static final Pattern USER_MACRO = Pattern.compile("\\{\\$([A-Z0-9._]+)[:}]");

    final Map<String, Object> export;
    final Map<String, Object> template;

    private ZabbixTemplate(Map<String, Object> root) {
        this.export = map(root.get("zabbix_export"));
        List<Map<String, Object>> templates = maps(export.get("templates"));
        if (templates.size() != 1) {
            throw new IllegalStateException("one template expected, found " + templates.size());
        }
        this.template = templates.get(0);
    }

    static Path file() {
        return Path.of(System.getProperty("taskmaster.conf", "../conf"), "zabbix", "taskmaster_by_jmx.yaml")
                .toAbsolutePath();
    }

    static ZabbixTemplate load() throws IOException {
        // SafeConstructor: plain maps, lists and scalars only, never a Java object named by a tag.
        try (Reader r = Files.newBufferedReader(file())) {
            return new ZabbixTemplate(map(new Yaml(new SafeConstructor(new LoaderOptions())).load(r)));
        }
    }

    List<Map<String, Object>> items() {
        return maps(template.get("items"));
    }

    List<Map<String, Object>> discoveryRules() {
        return maps(template.get("discovery_rules"));
    }

    static List<Map<String, Object>> prototypes(Map<String, Object> rule) {
        return maps(rule.get("item_prototypes"));
    }

    /** The triggers of an item ({@code triggers}) or of an item prototype ({@code trigger_prototypes}). */
    static List<Map<String, Object>> triggers(Map<String, Object> item) {
        List<Map<String, Object>> all = new ArrayList<>(maps(item.get("triggers")));
        all.addAll(maps(item.get("trigger_prototypes")));
        return all;
    }

    /** The names of the template's macros, without braces: {@code TASKMASTER.RSS.MAX}. */
    Set<String> macroNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> m : maps(template.get("macros"))) {
            Matcher x = USER_MACRO.matcher(String.valueOf(m.get("macro")));
            if (!x.lookingAt()) {
                throw new IllegalStateException("not a user macro: " + m.get("macro"));
            }
            names.add(x.group(1));
        }
        return names;
    }

    /** The user macros some text uses, without context: {@code {$TASKMASTER.RSS.MAX:"web"}} is TASKMASTER.RSS.MAX. */
    static Set<String> macrosIn(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = USER_MACRO.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The item keys a trigger expression references, each written {@code /host/key}: the key runs
     * to the bracket that closes its parameters, a bracket inside a quoted parameter not counted.
     */
    static List<String> keysIn(String expression, String host) {
        List<String> keys = new ArrayList<>();
        String prefix = "/" + host + "/";
        for (int at = expression.indexOf(prefix); at >= 0; at = expression.indexOf(prefix, at + 1)) {
            int start = at + prefix.length();
            int open = expression.indexOf('[', start);
            int depth = 0;
            boolean quoted = false;
            int end = -1;
            for (int i = open; i < expression.length() && end < 0; i++) {
                char c = expression.charAt(i);
                if (quoted) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']' && --depth == 0) {
                    end = i;
                }
            }
            if (open < 0 || end < 0) {
                throw new IllegalStateException("an unterminated key at " + at + " in " + expression);
            }
            keys.add(expression.substring(start, end + 1));
        }
        return keys;
    }

    /** Every uuid in the export, wherever it is. */
    List<String> uuids() {
        List<String> out = new ArrayList<>();
        collectUuids(export, out);
        return out;
    }

    private static void collectUuids(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("uuid".equals(k)) {
                    out.add(String.valueOf(v));
                } else {
                    collectUuids(v, out);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectUuids(v, out));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalStateException("a mapping expected, found " + o);
        }
        return (Map<String, Object>) o;
    }

    static List<Map<String, Object>> maps(Object o) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new IllegalStateException("a list expected, found " + o);
        }
        return l.stream().map(ZabbixTemplate::map).toList();
    }
}
