package taskmaster.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the values of the management keys of {@code [taskmasterd]}; the values stay raw strings
 * in {@code DaemonSettings.management} and the management layer reads them again, knowing them valid.
 */
final class ManagementValues {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:\\[\\]-]+");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]+");
    /** What a browser sends in {@code Origin}: scheme, host and an optional port; no path. */
    private static final Pattern ORIGIN =
            Pattern.compile("https?://([A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

    private ManagementValues() {
    }

    /** The value, stripped, or an error naming what is allowed. */
    static String check(DaemonKey key, String raw) throws InvalidValueException {
        String v = raw.strip();
        switch (key) {
            case JOLOKIA, JOLOKIA_PLAINTEXT, JMX_PLAINTEXT -> Values.bool(v);
            case JOLOKIA_AUTH -> {
                if (!(v.equals("basic") || v.equals("none"))) {
                    throw new InvalidValueException(Values.quote(raw) + " is not an authentication mode"
                            + " (allowed: basic, the default: jolokia_user and jolokia_password, else the generated"
                            + " secret; none: no authentication, loopback only)");
                }
            }
            case JOLOKIA_ALLOW_ORIGIN -> list(v, ORIGIN, "an origin",
                    "comma-separated origins scheme://host[:port], like https://hawtio.example:8443");
            case JOLOKIA_ALLOW_HOST -> list(v, HOST, "a host name",
                    "comma-separated host names or addresses, like taskmaster.example,10.0.0.5");
            case JOLOKIA_HOST, JMX_HOST -> {
                if (!HOST.matcher(v).matches()) {
                    throw new InvalidValueException(Values.quote(raw) + " is not a host"
                            + " (allowed: an address or host name, like 127.0.0.1, ::1 or 0.0.0.0)");
                }
            }
            case JOLOKIA_PORT, JMX_RMI_PORT -> port(v, "0 picks a free port");
            case JMX_PORT -> {
                if (!DaemonSettingsBuilder.isNone(v)) {
                    port(v, "off disables the connector, 0 picks a free port");
                }
            }
            case JOLOKIA_USER -> {
                if (!USER.matcher(v).matches()) {
                    throw new InvalidValueException(Values.quote(raw) + " is not a user name"
                            + " (allowed: letters, digits, '_', '.' and '-')");
                }
            }
            case JOLOKIA_PASSWORD, JOLOKIA_KEYSTORE_PASSWORD -> {
                if (v.isEmpty()) {
                    throw new InvalidValueException("is empty (allowed: a non-empty password)");
                }
            }
            case JOLOKIA_POLICY, JOLOKIA_KEYSTORE -> readableFile(v);
            case JMX_USERS -> users(v);
            default -> {
            }
        }
        return v;
    }

    /** A comma-separated list, each item matching {@code item}; empty means none. */
    private static void list(String v, Pattern item, String what, String allowed) throws InvalidValueException {
        if (v.isEmpty()) {
            return;
        }
        for (String entry : v.split(",", -1)) {
            if (!item.matcher(entry.strip()).matches()) {
                throw new InvalidValueException(Values.quote(entry.strip()) + " is not " + what
                        + " (allowed: " + allowed + ")");
            }
        }
    }

    private static void port(String v, String zero) throws InvalidValueException {
        try {
            Values.integer(v, 0, 65535);
        } catch (InvalidValueException e) {
            throw new InvalidValueException(Values.quote(v) + " is not a port (allowed: 0 to 65535; " + zero + ")");
        }
    }

    private static void readableFile(String v) throws InvalidValueException {
        Path p = Path.of(v);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new InvalidValueException(Values.quote(v) + (Files.exists(p) ? " is not a readable file" : " does not exist")
                    + " (allowed: a readable file; relative paths are relative to the file that holds them)");
        }
    }

    /** {@code alice:secret:readwrite, bob:pw:readonly}. */
    private static void users(String v) throws InvalidValueException {
        String allowed = " (allowed: comma-separated user:password:access, access being readonly or readwrite,"
                + " like alice:s3cret:readwrite,bob:pw:readonly)";
        Set<String> seen = new HashSet<>();
        for (String entry : v.split(",", -1)) {
            String[] parts = entry.strip().split(":", -1);
            if (parts.length != 3 || !USER.matcher(parts[0]).matches() || parts[1].isEmpty()
                    || !(parts[2].equals("readonly") || parts[2].equals("readwrite"))) {
                String shown = parts.length >= 1 ? parts[0] + ":..." : entry.strip();
                throw new InvalidValueException("'" + shown + "' is not a user entry" + allowed);
            }
            if (!seen.add(parts[0])) {
                throw new InvalidValueException("user '" + parts[0] + "' is given twice" + allowed);
            }
        }
    }
}
