package taskmaster.config;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;
import taskmaster.model.Rlimit;

/**
 * The values of the usage limits ({@code cpu_limit}) and of the {@code rlimit_*} keys: {@code N},
 * {@code SOFT:HARD} or {@code unlimited}, each side a size with KB, MB or GB for the limits counted
 * in bytes, seconds for {@code rlimit_cpu}, a plain count for the others.
 */
final class LimitSyntax {
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,7})\\s*%?");
    /** 100 cores busy: beyond any machine a percentage of one core is meant for. */
    static final int MAX_CPU_PERCENT = 10_000;

    static final String UNLIMITED = "unlimited";

    /** What a resource's values count, and how they are written. */
    enum Unit {
        BYTES("a size with an optional KB, MB or GB suffix, like 64MB"),
        SECONDS("a number of seconds"),
        MICROSECONDS("a number of microseconds"),
        COUNT("a whole number");

        final String allowed;

        Unit(String allowed) {
            this.allowed = allowed;
        }
    }

    private LimitSyntax() {}

    /** {@code memory_limit}: a byte size; beyond a long's largest it is taken as that, with a warning of its own. */
    static final ValueReader.Parser<Long> MEMORY = new ValueReader.Parser<>() {
        @Override
        public Long parse(String v) throws InvalidValueException {
            return Values.bytes(v);
        }

        @Override
        public String note(String v) {
            return Values.BYTE_SIZE.note(v) == null
                    ? null
                    : Values.quote(v.strip()) + " is taken as " + Long.MAX_VALUE + " bytes: no process grows that"
                            + " large, so none is restarted for its memory";
        }
    };

    /** {@code cpu_limit}: a percentage of one core, {@code 90%} or {@code 90}; 0: none. */
    static int cpuPercent(String v) throws InvalidValueException {
        var m = PERCENT.matcher(v.strip());
        String allowed = "a percentage of one core from 0 to " + MAX_CPU_PERCENT + ", like 90% or 250%; 0: none";
        if (!m.matches()) {
            throw new InvalidValueException(Values.quote(v) + " is not a percentage (allowed: " + allowed + ")");
        }
        int n = Integer.parseInt(m.group(1));
        if (n > MAX_CPU_PERCENT) {
            throw new InvalidValueException(Values.quote(v) + " is out of range (allowed: " + allowed + ")");
        }
        return n;
    }

    /** What an {@code rlimit_*} key of {@code unit} allows, as its error messages and the tables say it. */
    static String allowed(Rlimit.Resource resource, Unit unit) {
        String value = unit.allowed;
        return "N, SOFT:HARD or unlimited, each " + value
                + (resource == Rlimit.Resource.NOFILE ? " (not unlimited: Linux caps open files at fs.nr_open)" : "")
                + "; N sets both";
    }

    /** A parser of one {@code rlimit_*} key's value. */
    static ValueReader.Parser<Rlimit> rlimit(Rlimit.Resource resource, Unit unit) {
        return v -> parse(v, resource, unit);
    }

    static Rlimit parse(String v, Rlimit.Resource resource, Unit unit) throws InvalidValueException {
        String allowed = allowed(resource, unit);
        String s = v.strip();
        int colon = s.indexOf(':');
        long soft = one(colon < 0 ? s : s.substring(0, colon), v, resource, unit, allowed);
        long hard = colon < 0 ? soft : one(s.substring(colon + 1), v, resource, unit, allowed);
        if (hard != Rlimit.UNLIMITED && (soft == Rlimit.UNLIMITED || soft > hard)) {
            throw new InvalidValueException(
                    Values.quote(v) + " has a soft limit above its hard limit (allowed: " + allowed + ")");
        }
        return new Rlimit(resource, soft, hard);
    }

    private static long one(String part, String v, Rlimit.Resource resource, Unit unit, String allowed)
            throws InvalidValueException {
        String p = part.strip();
        if (p.toLowerCase(Locale.ROOT).equals(UNLIMITED) || p.equalsIgnoreCase("infinity")) {
            if (resource == Rlimit.Resource.NOFILE) {
                throw new InvalidValueException(Values.quote(v) + " cannot be unlimited (allowed: " + allowed + ")");
            }
            return Rlimit.UNLIMITED;
        }
        if (unit == Unit.BYTES) {
            try {
                return Values.bytes(p);
            } catch (InvalidValueException e) {
                throw new InvalidValueException(Values.quote(v) + " is not a limit (allowed: " + allowed + ")");
            }
        }
        BigInteger n;
        try {
            if (p.length() > 30) {
                throw new NumberFormatException();
            }
            n = new BigInteger(p);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(Values.quote(v) + " is not a limit (allowed: " + allowed + ")");
        }
        if (n.signum() < 0 || n.bitLength() > 62) {
            throw new InvalidValueException(Values.quote(v) + " is out of range (allowed: " + allowed + ")");
        }
        return n.longValue();
    }
}
