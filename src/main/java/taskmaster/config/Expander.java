package taskmaster.config;

import java.util.Map;
import java.util.TreeSet;

/**
 * Python-style {@code %(name)s} expansion as supervisord does it, with the conversions it uses:
 * {@code s}, {@code d} (and {@code i}, {@code r}), flags {@code -0+ }, a width and a precision,
 * e.g. {@code %(process_num)02d}; {@code %%} is a literal {@code %}.
 * <p>
 * Unlike supervisord, a {@code %} not followed by {@code (} or {@code %} is kept as it is instead
 * of being a "badly formatted" error: {@code date +%s} or {@code 100% done} need no doubling.
 */
final class Expander {
    private static final String ENV = "ENV_";

    private Expander() {}

    /**
     * @param names every name usable here; environment variables are given as {@code ENV_X}
     */
    static String expand(String text, Map<String, String> names) throws InvalidValueException {
        StringBuilder out = new StringBuilder(Math.min(text.length(), Limits.MAX_VALUE_CHARS));
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%' || i + 1 >= text.length() || (text.charAt(i + 1) != '(' && text.charAt(i + 1) != '%')) {
                out.append(c);
                i++;
                continue;
            }
            if (text.charAt(i + 1) == '%') {
                out.append('%');
                i += 2;
                continue;
            }
            int close = text.indexOf(')', i + 2);
            if (close < 0) {
                throw new InvalidValueException("'%(' without a closing ')' in " + Values.quote(text)
                        + " (allowed: %(name)s, or %% for a literal %)");
            }
            String name = text.substring(i + 2, close);
            int j = close + 1;
            int flagsStart = j;
            while (j < text.length() && "-0+ #".indexOf(text.charAt(j)) >= 0) {
                j++;
            }
            String flags = text.substring(flagsStart, j);
            int widthStart = j;
            while (j < text.length() && Character.isDigit(text.charAt(j))) {
                j++;
            }
            String width = text.substring(widthStart, j);
            String precision = "";
            if (j < text.length() && text.charAt(j) == '.') {
                int p = ++j;
                while (j < text.length() && Character.isDigit(text.charAt(j))) {
                    j++;
                }
                precision = text.substring(p, j);
            }
            if (j >= text.length() || "sdir".indexOf(text.charAt(j)) < 0) {
                throw new InvalidValueException("'%(" + name + ")' has no conversion letter in " + Values.quote(text)
                        + " (allowed: %(" + name + ")s, %(" + name + ")d or a width like %(" + name + ")02d)");
            }
            String value = names.get(name);
            if (value == null) {
                throw new InvalidValueException(unknown(name, text, names));
            }
            out.append(format(
                    value,
                    flags,
                    bound(width, "width", name, text),
                    bound(precision, "precision", name, text),
                    text.charAt(j),
                    name,
                    text));
            i = j + 1;
            if (out.length() > Limits.MAX_VALUE_CHARS) {
                break;
            }
        }
        if (out.length() > Limits.MAX_VALUE_CHARS) {
            throw new InvalidValueException(Values.quote(text) + " expands to more than " + Limits.MAX_VALUE_CHARS
                    + " characters (allowed: values up to " + Limits.MAX_VALUE_CHARS + " characters once expanded,"
                    + " the longest argument exec accepts)");
        }
        return out.toString();
    }

    /** A width or precision as a number, -1 when absent; never more than {@link Limits#MAX_WIDTH}. */
    private static int bound(String digits, String what, String name, String text) throws InvalidValueException {
        if (digits.isEmpty()) {
            return -1;
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 4 || Integer.parseInt(significant) > Limits.MAX_WIDTH) {
            throw new InvalidValueException(
                    "the " + what + " " + digits + " of '%(" + name + ")' in " + Values.quote(text)
                            + " is too large (allowed: a " + what + " from 0 to " + Limits.MAX_WIDTH + ")");
        }
        return Integer.parseInt(significant);
    }

    /** @param width -1 for none; @param precision -1 for none */
    private static String format(
            String value, String flags, int width, int precision, char conversion, String name, String text)
            throws InvalidValueException {
        boolean left = flags.indexOf('-') >= 0 && width >= 0;
        if (conversion == 'd' || conversion == 'i') {
            long n;
            try {
                n = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new InvalidValueException("'%(" + name + ")d' needs a number but " + name + " is "
                        + Values.quote(value) + " in " + Values.quote(text) + " (allowed: %(" + name + ")s)");
            }
            String spec = "%" + (left ? "-" : "") + (flags.indexOf('+') >= 0 ? "+" : flags.indexOf(' ') >= 0 ? " " : "")
                    + (!left && flags.indexOf('0') >= 0 && width > 0 ? "0" : "") + (width > 0 ? width : "") + "d";
            return String.format(spec, n);
        }
        String s = precision < 0 ? value : value.substring(0, Math.min(value.length(), precision));
        return width <= 0 ? s : String.format("%" + (left ? "-" : "") + width + "s", s);
    }

    private static String unknown(String name, String text, Map<String, String> names) {
        TreeSet<String> plain = new TreeSet<>();
        names.keySet().stream().filter(n -> !n.startsWith(ENV)).forEach(plain::add);
        String available = String.join(", ", plain) + ", ENV_X for each variable X of the environment";
        if (name.startsWith(ENV)) {
            return "environment variable '" + name.substring(ENV.length()) + "' is not set, in " + Values.quote(text)
                    + " (available: " + available + ")";
        }
        return "unknown name '" + name + "' in " + Values.quote(text) + " (available: " + available + ")";
    }
}
