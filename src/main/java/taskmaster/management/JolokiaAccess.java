package taskmaster.management;

import java.util.List;
import java.util.Map;
import taskmaster.config.DaemonKey;

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
        return new JolokiaAccess(
                "none".equals(DaemonKey.JOLOKIA_AUTH.in(raw)),
                DaemonKey.JOLOKIA_ALLOW_ORIGIN.lowerCaseList(raw),
                DaemonKey.JOLOKIA_ALLOW_HOST.lowerCaseList(raw),
                DaemonKey.JOLOKIA_PLAINTEXT.isOn(raw));
    }
}
