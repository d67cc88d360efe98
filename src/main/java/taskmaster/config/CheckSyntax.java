package taskmaster.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import taskmaster.model.Check;

/**
 * The values of {@code ready} and {@code healthcheck}: one {@link Check} each, validated here so
 * that a running daemon never meets a bad port, URL, command or regex. {@code none} (or
 * {@code off}) is no check.
 */
final class CheckSyntax {

    /** The highest notification fd: a spawn cannot place an fd at or above the usual open-file limit. */
    static final int MAX_FD = 1023;

    static final String READY_ALLOWED = "notify, fd:N (N from 3 to " + MAX_FD + "), tcp:PORT, tcp:HOST:PORT,"
            + " http://HOST:PORT/path, https://HOST:PORT/path, exec:COMMAND, log:REGEX, or none";
    static final String HEALTH_ALLOWED =
            "tcp:PORT, tcp:HOST:PORT, http://HOST:PORT/path, https://HOST:PORT/path, exec:COMMAND, log:REGEX, or none";

    private CheckSyntax() {}

    /** {@code ready}: every kind; null for none. */
    static Check ready(String v) throws InvalidValueException {
        return parse(v, READY_ALLOWED);
    }

    /** {@code healthcheck}: what the daemon can ask again and again; notify and fd tell readiness once. */
    static Check health(String v) throws InvalidValueException {
        Check c = parse(v, HEALTH_ALLOWED);
        if (c instanceof Check.Notify || c instanceof Check.Fd) {
            throw new InvalidValueException(Values.quote(v.strip()) + " says when a process is ready, once, and"
                    + " cannot check its health (allowed: " + HEALTH_ALLOWED + ")");
        }
        return c;
    }

    private static Check parse(String v, String allowed) throws InvalidValueException {
        String s = v.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (Values.isNone(s)) {
            return null;
        }
        if (lower.equals("notify")) {
            return new Check.Notify();
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return http(s, allowed);
        }
        int colon = s.indexOf(':');
        String kind = colon < 0 ? lower : lower.substring(0, colon);
        String rest = colon < 0 ? "" : s.substring(colon + 1);
        return switch (kind) {
            case "fd" -> new Check.Fd(fd(s, rest, allowed));
            case "tcp" -> tcp(s, rest, allowed);
            case "exec" -> exec(s, rest, allowed);
            case "log" -> log(s, rest, allowed);
            default -> throw bad(s, "is not a check", allowed);
        };
    }

    private static int fd(String s, String n, String allowed) throws InvalidValueException {
        try {
            return Values.integer(n, 3, MAX_FD);
        } catch (InvalidValueException e) {
            throw bad(s, "is not a notification fd: 0, 1 and 2 are stdin, stdout and stderr", allowed);
        }
    }

    private static Check tcp(String s, String rest, String allowed) throws InvalidValueException {
        String host = "127.0.0.1";
        String port = rest.strip();
        int last = port.lastIndexOf(':');
        if (last >= 0) {
            host = port.substring(0, last).strip();
            port = port.substring(last + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1); // an IPv6 address, as URLs write it
            }
            if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
                throw bad(s, "names no host", allowed);
            }
        }
        return new Check.Tcp(host, port(s, port, allowed));
    }

    private static int port(String s, String port, String allowed) throws InvalidValueException {
        try {
            return Values.integer(port, 1, 65535);
        } catch (InvalidValueException e) {
            throw bad(s, "has no port from 1 to 65535", allowed);
        }
    }

    private static Check http(String s, String allowed) throws InvalidValueException {
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw bad(s, "is not a URL (" + e.getReason() + ")", allowed);
        }
        if (uri.getHost() == null) {
            throw bad(s, "names no host", allowed);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw bad(s, "has no port from 1 to 65535", allowed);
        }
        return new Check.Http(uri);
    }

    private static Check exec(String s, String command, String allowed) throws InvalidValueException {
        String cmd = command.strip();
        if (cmd.isEmpty()) {
            throw bad(s, "names no command", allowed);
        }
        try {
            return new Check.Exec(cmd, CommandLine.parse(cmd));
        } catch (InvalidValueException e) {
            throw bad(s, "has a bad command: " + e.getMessage(), allowed);
        }
    }

    private static Check log(String s, String written, String allowed) throws InvalidValueException {
        String regex = written.strip();
        if (regex.isEmpty()) {
            throw bad(s, "names no regex", allowed);
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw bad(
                    s,
                    "has a bad regex: " + e.getDescription() + " near index " + e.getIndex(),
                    "a java.util.regex pattern after log:; " + allowed);
        }
        return new Check.Log(regex);
    }

    private static InvalidValueException bad(String s, String what, String allowed) {
        return new InvalidValueException(Values.quote(s) + " " + what + " (allowed: " + allowed + ")");
    }
}
