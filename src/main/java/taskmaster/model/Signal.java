package taskmaster.model;

import java.util.Locale;
import java.util.Optional;

/** The Linux signals a program may be stopped or signalled with, by their Linux numbers. */
public enum Signal {
    HUP(1),
    INT(2),
    QUIT(3),
    ILL(4),
    TRAP(5),
    ABRT(6),
    BUS(7),
    FPE(8),
    KILL(9),
    USR1(10),
    SEGV(11),
    USR2(12),
    PIPE(13),
    ALRM(14),
    TERM(15),
    STKFLT(16),
    CHLD(17),
    CONT(18),
    STOP(19),
    TSTP(20),
    TTIN(21),
    TTOU(22),
    URG(23),
    XCPU(24),
    XFSZ(25),
    VTALRM(26),
    PROF(27),
    WINCH(28),
    IO(29),
    PWR(30),
    SYS(31);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Accepts {@code TERM}, {@code SIGTERM}, {@code term} or {@code 15}. */
    public static Optional<Signal> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            try {
                return byNumber(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        for (Signal sig : values()) {
            if (sig.name().equals(s)) {
                return Optional.of(sig);
            }
        }
        return Optional.empty();
    }

    public static Optional<Signal> byNumber(int n) {
        for (Signal sig : values()) {
            if (sig.number == n) {
                return Optional.of(sig);
            }
        }
        return Optional.empty();
    }

    /** {@code SIGTERM}: the spelling used in every message. */
    public String fullName() {
        return "SIG" + name();
    }
}
