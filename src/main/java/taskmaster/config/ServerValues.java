package taskmaster.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** The parsers of the server sections' keys ({@link ServerKey}); each failure quotes the value and says what is allowed. */
final class ServerValues {
    private static final Pattern OCTAL = Pattern.compile("(0o)?[0-7]{1,4}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern HOST = Pattern.compile("[a-z0-9_.:%-]+");

    private ServerValues() {}

    /** supervisord's octal_type: {@code 0700}, {@code 700} or {@code 0o700}. */
    static Integer mode(String raw) throws InvalidValueException {
        String v = raw.strip().toLowerCase(Locale.ROOT);
        if (OCTAL.matcher(v).matches()) {
            int mode = Integer.parseInt(v.startsWith("0o") ? v.substring(2) : v, 8);
            if (mode <= 0777) {
                return mode;
            }
        }
        throw new InvalidValueException(Values.quote(raw)
                + " is not an octal mode (allowed: octal digits from 0 to 777," + " like 0700 or 0770)");
    }

    /**
     * {@code user} or {@code user:group}, names or ids, as supervisord's colon_separated_user_group
     * takes them. Only the form is checked here: the accounts are looked up when the socket is made,
     * so that a file naming a group of another machine still loads (and is checked).
     */
    static String[] owner(String raw) throws InvalidValueException {
        String v = raw.strip();
        String[] parts = v.split(":", -1);
        if (parts.length > 2
                || Arrays.stream(parts).anyMatch(p -> !ID.matcher(p).matches())) {
            throw new InvalidValueException(Values.quote(raw) + " is not an owner (allowed: user or user:group, names"
                    + " or ids, like nobody:nogroup or 1000:1000)");
        }
        return parts.length == 1 ? new String[] {parts[0], null} : parts;
    }

    /**
     * supervisord's inet_address: {@code host:port}, the host in lower case; an empty host or
     * {@code *} means every interface (""). A bracketed IPv6 address loses its brackets.
     */
    static Object[] inetPort(String raw) throws InvalidValueException {
        String v = raw.strip();
        String host = "";
        String port = v;
        int colon = v.lastIndexOf(':');
        if (colon >= 0) {
            host = v.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            port = v.substring(colon + 1).strip();
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("*")) {
            host = "";
        }
        String allowed = " (allowed: host:port or port, the port from 0 to 65535 (0: a free one), like 127.0.0.1:9001)";
        if (!host.isEmpty() && !HOST.matcher(host).matches()) {
            throw new InvalidValueException(Values.quote(raw) + " has no valid host" + allowed);
        }
        try {
            return new Object[] {host, Values.integer(port, 0, 65535)};
        } catch (InvalidValueException e) {
            throw new InvalidValueException(Values.quote(raw) + " has no valid port" + allowed);
        }
    }

    static String username(String raw) throws InvalidValueException {
        String v = raw.strip();
        if (v.isEmpty() || v.contains(":")) {
            throw new InvalidValueException(Values.quote(raw) + " is not a user name (allowed: a non-empty name without"
                    + " ':', which HTTP basic authentication cannot carry)");
        }
        return v;
    }

    static String password(String raw) throws InvalidValueException {
        String v = raw.strip();
        if (v.isEmpty()) {
            throw new InvalidValueException(
                    "is empty (allowed: a non-empty password, or {SHA} and the hex SHA-1 of" + " one)");
        }
        return v;
    }
}
