package taskmaster.config;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import taskmaster.model.AutoRestart;
import taskmaster.model.Signal;

/** Parsers for the value types of the configuration; each failure quotes the value and says what is allowed. */
final class Values {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern OCTAL = Pattern.compile("[0-7]{1,4}");
    private static final int QUOTED = 200;

    private Values() {}

    static boolean bool(String v) throws InvalidValueException {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default ->
                throw new InvalidValueException(
                        quote(v) + " is not a boolean" + " (allowed: true/false, yes/no, on/off, 1/0)");
        };
    }

    /** The word for "none" of paths, outputs and the JMX port: {@code NONE} or {@code OFF}, in any case. */
    static boolean isNone(String v) {
        return v.strip().equalsIgnoreCase("NONE") || v.strip().equalsIgnoreCase("OFF");
    }

    static int integer(String v, int min, int max) throws InvalidValueException {
        String allowed =
                max == Integer.MAX_VALUE ? "an integer from " + min + " up" : "an integer from " + min + " to " + max;
        long n;
        try {
            n = Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidValueException(quote(v) + " is not a whole number (allowed: " + allowed + ")");
        }
        if (n < min || n > max) {
            throw new InvalidValueException(quote(v) + " is out of range (allowed: " + allowed + ")");
        }
        return (int) n;
    }

    /** Any int, negative too (priorities). */
    static int anyInteger(String v) throws InvalidValueException {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidValueException(quote(v) + " is not a whole number (allowed: an integer, like 999)");
        }
    }

    /** supervisord's byte_size: an integer with an optional KB, MB or GB suffix, powers of 1024. */
    static long bytes(String v) throws InvalidValueException {
        var m = BYTES.matcher(v.strip());
        if (m.matches()) {
            long unit = m.group(2) == null
                    ? 1
                    : switch (m.group(2).toUpperCase(Locale.ROOT)) {
                        case "KB" -> 1L << 10;
                        case "MB" -> 1L << 20;
                        default -> 1L << 30;
                    };
            try {
                return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            } catch (ArithmeticException | NumberFormatException e) {
                // too large: fall through to the error
            }
        }
        throw new InvalidValueException(quote(v) + " is not a byte size"
                + " (allowed: a whole number of bytes with an optional KB, MB or GB suffix, like 50MB)");
    }

    static int umask(String v) throws InvalidValueException {
        String s = v.strip();
        if (!OCTAL.matcher(s).matches() || Integer.parseInt(s, 8) > 0777) {
            throw new InvalidValueException(
                    quote(v) + " is not an octal umask (allowed: octal digits from 0 to 777, like 022)");
        }
        return Integer.parseInt(s, 8);
    }

    static Set<Integer> exitCodes(String v) throws InvalidValueException {
        Set<Integer> codes = new TreeSet<>();
        for (String part : v.split(",", -1)) {
            try {
                codes.add(integer(part, 0, 255));
            } catch (InvalidValueException e) {
                throw new InvalidValueException(quote(part.strip()) + " in " + quote(v) + " is not an exit code"
                        + " (allowed: comma-separated integers from 0 to 255, like 0,2)");
            }
        }
        return codes;
    }

    static Signal signal(String v) throws InvalidValueException {
        return Signal.parse(v)
                .orElseThrow(() -> new InvalidValueException(quote(v) + " is not a signal"
                        + " (allowed: a name with or without SIG, like TERM, SIGINT, HUP, QUIT, KILL, USR1, USR2,"
                        + " or a number from 1 to 31)"));
    }

    static AutoRestart autorestart(String v) throws InvalidValueException {
        if (v.strip().equalsIgnoreCase("unexpected")) {
            return AutoRestart.UNEXPECTED;
        }
        try {
            return bool(v) ? AutoRestart.TRUE : AutoRestart.FALSE;
        } catch (InvalidValueException e) {
            throw new InvalidValueException(quote(v) + " is not an autorestart policy"
                    + " (allowed: true, false or unexpected; yes/no, on/off, 1/0 too)");
        }
    }

    /** Program, group and process names. */
    static String name(String v, String what) throws InvalidValueException {
        String s = v.strip();
        if (!NAME.matcher(s).matches()) {
            throw new InvalidValueException(
                    quote(v) + " is not a valid " + what + " name" + " (allowed: letters, digits, '_', '.' and '-')");
        }
        return s;
    }

    /** supervisord's level names (and log4j's), as the log4j level name. */
    static String loglevel(String v) throws InvalidValueException {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "critical", "fatal" -> "FATAL";
            case "error" -> "ERROR";
            case "warn", "warning" -> "WARN";
            case "info" -> "INFO";
            case "debug" -> "DEBUG";
            case "trace", "blather" -> "TRACE";
            default ->
                throw new InvalidValueException(quote(v) + " is not a log level"
                        + " (allowed: critical, error, warn, info, debug, trace, blather)");
        };
    }

    /** The value in quotes for a message; a long one is cut, so that one error stays one readable line. */
    static String quote(String v) {
        return v.length() <= QUOTED
                ? "'" + v + "'"
                : "'" + v.substring(0, QUOTED) + "...' (" + v.length() + " characters)";
    }

    /** Rotated files kept, {@code stdout_logfile_backups} and {@code logfile_backups}. */
    static int backups(String v) throws InvalidValueException {
        return integer(v, 0, Limits.MAX_BACKUPS);
    }
}
