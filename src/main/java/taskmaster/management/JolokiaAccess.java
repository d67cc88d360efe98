package taskmaster.management;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who may reach Jolokia, from the keys of {@code [taskmasterd]} (already validated).
 *
 * @param authNone     {@code jolokia_auth = none}: no authentication (loopback only)
 * @param allowOrigins {@code jolokia_allow_origin}: browser origins that may send requests, lower case
 * @param allowHosts   {@code jolokia_allow_host}: extra names a request's {@code Host} may carry, lower case
 * @param plaintext    {@code jolokia_plaintext}: a password may cross a network without TLS
 */
record JolokiaAccess(boolean authNone, List<String> allowOrigins, List<String> allowHosts, boolean plaintext) {

    static JolokiaAccess from(Map<String, String> raw) {
        return new JolokiaAccess("none".equals(raw.get("jolokia_auth")), list(raw.get("jolokia_allow_origin")),
                list(raw.get("jolokia_allow_host")), isTrue(raw.get("jolokia_plaintext")));
    }

    private static List<String> list(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .toList();
    }

    private static boolean isTrue(String v) {
        return v != null && switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            default -> false;
        };
    }
}
