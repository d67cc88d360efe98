package taskmaster.config;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import taskmaster.model.AutoRestart;
import taskmaster.model.ProcessSpec;
import taskmaster.model.RestartPolicy;
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

    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** An integer from min to max; a value of any size outside them is "out of range", never a parse failure. */
    static int integer(String v, int min, int max) throws InvalidValueException {
        String allowed = "an integer from " + min + " to " + max;
        BigInteger n = whole(v, allowed);
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new InvalidValueException(quote(v) + " is out of range (allowed: " + allowed + ")");
        }
        return n.intValue();
    }

    /**
     * An integer from {@code min} up, of any size as in supervisord (Python's integers have no
     * limit): one beyond int's largest is taken as that largest, with a warning that says what it
     * then means ({@code beyond}).
     */
    static ValueReader.Parser<Integer> atLeast(int min, String beyond) {
        String allowed = "an integer from " + min + " up";
        return new ValueReader.Parser<>() {
            @Override
            public Integer parse(String v) throws InvalidValueException {
                BigInteger n = whole(v, allowed);
                if (n.compareTo(BigInteger.valueOf(min)) < 0) {
                    throw new InvalidValueException(quote(v) + " is out of range (allowed: " + allowed + ")");
                }
                return n.min(INT_MAX).intValue();
            }

            @Override
            public String note(String v) {
                return beyondInt(v) ? quote(v.strip()) + " is beyond " + Integer.MAX_VALUE + ": " + beyond : null;
            }
        };
    }

    /**
     * {@code startretries}: from 0 up, of any size; {@link ProcessSpec#UNLIMITED_RETRIES} and above
     * mean retry without end, with a warning, as a count no process could exhaust.
     */
    static final ValueReader.Parser<Integer> RETRIES = new ValueReader.Parser<>() {
        private static final String COUNT_ALLOWED = "an integer from 0 up";
        private final ValueReader.Parser<Integer> count = atLeast(0, "");

        @Override
        public Integer parse(String v) throws InvalidValueException {
            if (v.strip().equalsIgnoreCase(INFINITE)) {
                return ProcessSpec.UNLIMITED_RETRIES;
            }
            try {
                return count.parse(v);
            } catch (InvalidValueException e) {
                throw new InvalidValueException(e.getMessage()
                        .replace(
                                "(allowed: " + COUNT_ALLOWED + ")",
                                "(allowed: " + COUNT_ALLOWED + ", or " + INFINITE + ")"));
            }
        }

        @Override
        public String note(String v) {
            return parsedOrZero(v).compareTo(INT_MAX) >= 0
                    ? quote(v.strip()) + " means retry without end (every count from " + ProcessSpec.UNLIMITED_RETRIES
                            + " up does): the process is never given up as FATAL"
                    : null;
        }
    };

    /** Any integer, negative too (priorities): one beyond int's range is taken as int's nearest end, with a warning. */
    static final ValueReader.Parser<Integer> ANY_INTEGER = new ValueReader.Parser<>() {
        @Override
        public Integer parse(String v) throws InvalidValueException {
            return whole(v, "an integer, like 999").max(INT_MIN).min(INT_MAX).intValue();
        }

        @Override
        public String note(String v) {
            if (!beyondInt(v) && !belowInt(v)) {
                return null;
            }
            int taken = beyondInt(v) ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            return quote(v.strip()) + " is taken as " + taken
                    + ": it keeps its order against every smaller number, but ties with any other beyond it";
        }
    };

    /** Any int, negative too (priorities), clamped to int's range. */
    static int anyInteger(String v) throws InvalidValueException {
        return ANY_INTEGER.parse(v);
    }

    private static BigInteger whole(String v, String allowed) throws InvalidValueException {
        String s = v.strip();
        // A bound on digits keeps a pasted megabyte of digits from costing a quadratic parse.
        if (s.length() > 1000) {
            throw new InvalidValueException(
                    quote(v) + " is not a whole number of at most 1000 digits (allowed: " + allowed + ")");
        }
        try {
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(quote(v) + " is not a whole number (allowed: " + allowed + ")");
        }
    }

    private static BigInteger parsedOrZero(String v) {
        try {
            String s = v.strip();
            return s.length() > 1000 ? BigInteger.ZERO : new BigInteger(s);
        } catch (NumberFormatException e) {
            return BigInteger.ZERO;
        }
    }

    private static boolean beyondInt(String v) {
        return parsedOrZero(v).compareTo(INT_MAX) > 0;
    }

    private static boolean belowInt(String v) {
        return parsedOrZero(v).compareTo(INT_MIN) < 0;
    }

    /**
     * supervisord's byte_size: an integer with an optional KB, MB or GB suffix, powers of 1024. Of
     * any size, as in Python: beyond a long's largest (8 EB) it is taken as that largest, with a
     * warning, since no file reaches it either way.
     */
    static final ValueReader.Parser<Long> BYTE_SIZE = new ValueReader.Parser<>() {
        @Override
        public Long parse(String v) throws InvalidValueException {
            return exactBytes(v).min(LONG_MAX).longValue();
        }

        @Override
        public String note(String v) {
            try {
                return exactBytes(v).compareTo(LONG_MAX) > 0
                        ? quote(v.strip()) + " is taken as " + Long.MAX_VALUE + " bytes: no file grows that large,"
                                + " so it is never rotated"
                        : null;
            } catch (InvalidValueException e) {
                return null;
            }
        }
    };

    static long bytes(String v) throws InvalidValueException {
        return BYTE_SIZE.parse(v);
    }

    private static BigInteger exactBytes(String v) throws InvalidValueException {
        var m = BYTES.matcher(v.strip());
        if (!m.matches() || m.group(1).length() > 1000) {
            throw new InvalidValueException(quote(v) + " is not a byte size"
                    + " (allowed: a whole number of bytes with an optional KB, MB or GB suffix, like 50MB)");
        }
        long unit = m.group(2) == null
                ? 1
                : switch (m.group(2).toUpperCase(Locale.ROOT)) {
                    case "KB" -> 1L << 10;
                    case "MB" -> 1L << 20;
                    default -> 1L << 30;
                };
        return new BigInteger(m.group(1)).multiply(BigInteger.valueOf(unit));
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

    /** {@code startretries = infinite}: retry without end, without a count that reads as one. */
    static final String INFINITE = "infinite";

    static RestartPolicy.Backoff backoff(String v) throws InvalidValueException {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "linear" -> RestartPolicy.Backoff.LINEAR;
            case "exponential" -> RestartPolicy.Backoff.EXPONENTIAL;
            default -> throw new InvalidValueException(quote(v) + " is not a backoff (allowed: linear or exponential)");
        };
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
