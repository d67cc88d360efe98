package taskmaster.os;

import java.util.ArrayList;
import java.util.List;
import taskmaster.engine.Notice;

/**
 * The notices in one sd_notify datagram: newline-separated {@code KEY=VALUE} assignments, as
 * systemd reads them. Known keys: {@code READY=1}, {@code STATUS=}, {@code MAINPID=},
 * {@code WATCHDOG=1}, {@code EXTEND_TIMEOUT_USEC=}, {@code STOPPING=1}; every other key, value or
 * line is ignored, as systemd ignores what it does not know (RELOADING=, FDSTORE=, BARRIER=,
 * WATCHDOG=trigger, ...). A message holding a NUL byte is dropped whole, as systemd drops it.
 */
final class NotifyMessage {
    /** Longest STATUS= text kept; the rest is cut (it is shown in one line of status). */
    static final int MAX_STATUS = 512;

    private NotifyMessage() {}

    /** The notices of {@code text}, MAINPID= first (what follows is about that process), then as written. */
    static List<Notice> parse(String text) {
        List<Notice> notices = new ArrayList<>();
        if (text.indexOf('\0') >= 0) {
            return notices;
        }
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = line.substring(eq + 1);
            switch (line.substring(0, eq)) {
                case "READY" -> {
                    if (value.equals("1")) {
                        notices.add(new Notice.Ready());
                    }
                }
                case "STATUS" -> notices.add(new Notice.Status(printable(value)));
                case "WATCHDOG" -> {
                    if (value.equals("1")) {
                        notices.add(new Notice.Watchdog());
                    }
                }
                case "STOPPING" -> {
                    if (value.equals("1")) {
                        notices.add(new Notice.Stopping());
                    }
                }
                case "EXTEND_TIMEOUT_USEC" -> {
                    long micros = number(value);
                    if (micros >= 0) {
                        notices.add(new Notice.ExtendTimeout(micros));
                    }
                }
                case "MAINPID" -> {
                    long pid = number(value);
                    if (pid > 0 && pid <= Integer.MAX_VALUE) {
                        notices.addFirst(new Notice.MainPid(pid));
                    }
                }
                default -> {}
            }
        }
        return notices;
    }

    /** A decimal number of at most 18 digits, or -1. */
    private static long number(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(value);
    }

    /** Control characters become spaces: the text goes into one line of status and of the log. */
    private static String printable(String value) {
        String cut = value.length() > MAX_STATUS ? value.substring(0, MAX_STATUS) : value;
        StringBuilder b = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }
}
