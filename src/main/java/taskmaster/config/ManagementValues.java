package taskmaster.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parsers of the management keys of {@code [taskmasterd]} ({@link DaemonKey} names them): each
 * returns the value stripped, or fails naming what is allowed. The values stay strings in
 * {@code DaemonSettings.management}; the management layer reads them through {@link DaemonKey}, knowing them valid.
 */
final class ManagementValues {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:\\[\\]-]+");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]+");
    /** What a browser sends in {@code Origin}: scheme, host and an optional port; no path. */
    private static final Pattern ORIGIN =
            Pattern.compile("https?://([A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

    private ManagementValues() {}

    static String auth(String raw) throws InvalidValueException {
        String v = raw.strip();
        if (!(v.equals("basic") || v.equals("none"))) {
            throw new InvalidValueException(Values.quote(raw) + " is not an authentication mode"
                    + " (allowed: basic, the default: jolokia_user and jolokia_password, else the generated"
                    + " secret; none: no authentication, loopback only)");
        }
        return v;
    }

    static String origins(String raw) throws InvalidValueException {
        return list(
                raw.strip(),
                ORIGIN,
                "an origin",
                "comma-separated origins scheme://host[:port], like https://hawtio.example:8443");
    }

    static String hosts(String raw) throws InvalidValueException {
        return list(
                raw.strip(),
                HOST,
                "a host name",
                "comma-separated host names or addresses, like taskmaster.example,10.0.0.5");
    }

    static String host(String raw) throws InvalidValueException {
        String v = raw.strip();
        if (!HOST.matcher(v).matches()) {
            throw new InvalidValueException(Values.quote(raw) + " is not a host"
                    + " (allowed: an address or host name, like 127.0.0.1, ::1 or 0.0.0.0)");
        }
        return v;
    }

    static String port(String raw) throws InvalidValueException {
        return port(raw.strip(), "0 picks a free port");
    }

    /** A port, or the word for none: the JMX connector is off by default. */
    static String portOrOff(String raw) throws InvalidValueException {
        String v = raw.strip();
        return Values.isNone(v) ? v : port(v, "off disables the connector, 0 picks a free port");
    }

    static String user(String raw) throws InvalidValueException {
        String v = raw.strip();
        if (!USER.matcher(v).matches()) {
            throw new InvalidValueException(
                    Values.quote(raw) + " is not a user name" + " (allowed: letters, digits, '_', '.' and '-')");
        }
        return v;
    }

    static String password(String raw) throws InvalidValueException {
        String v = raw.strip();
        if (v.isEmpty()) {
            throw new InvalidValueException("is empty (allowed: a non-empty password)");
        }
        return v;
    }

    static String bool(String raw) throws InvalidValueException {
        String v = raw.strip();
        Values.bool(v);
        return v;
    }

    /** A comma-separated list, each item matching {@code item}; empty means none. */
    private static String list(String v, Pattern item, String what, String allowed) throws InvalidValueException {
        if (v.isEmpty()) {
            return v;
        }
        for (String entry : v.split(",", -1)) {
            if (!item.matcher(entry.strip()).matches()) {
                throw new InvalidValueException(
                        Values.quote(entry.strip()) + " is not " + what + " (allowed: " + allowed + ")");
            }
        }
        return v;
    }

    private static String port(String v, String zero) throws InvalidValueException {
        try {
            Values.integer(v, 0, 65535);
            return v;
        } catch (InvalidValueException e) {
            throw new InvalidValueException(Values.quote(v) + " is not a port (allowed: 0 to 65535; " + zero + ")");
        }
    }

    /** A path already resolved against the folder of its file. */
    static String readableFile(String raw) throws InvalidValueException {
        String v = raw.strip();
        Path p = Path.of(v);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new InvalidValueException(
                    Values.quote(v) + (Files.exists(p) ? " is not a readable file" : " does not exist")
                            + " (allowed: a readable file; relative paths are relative to the file that holds them)");
        }
        return v;
    }

    /** {@code alice:secret:readwrite, bob:pw:readonly}. */
    static String users(String raw) throws InvalidValueException {
        String v = raw.strip();
        String allowed = " (allowed: comma-separated user:password:access, access being readonly or readwrite,"
                + " like alice:s3cret:readwrite,bob:pw:readonly)";
        Set<String> seen = new HashSet<>();
        for (String entry : v.split(",", -1)) {
            String[] parts = entry.strip().split(":", -1);
            if (parts.length != 3
                    || !USER.matcher(parts[0]).matches()
                    || parts[1].isEmpty()
                    || !(parts[2].equals("readonly") || parts[2].equals("readwrite"))) {
                String shown = parts.length >= 1 ? parts[0] + ":..." : entry.strip();
                throw new InvalidValueException("'" + shown + "' is not a user entry" + allowed);
            }
            if (!seen.add(parts[0])) {
                throw new InvalidValueException("user '" + parts[0] + "' is given twice" + allowed);
            }
        }
        return v;
    }
}
