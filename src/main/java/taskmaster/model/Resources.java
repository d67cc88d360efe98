package taskmaster.model;

import java.util.List;

/**
 * What a process may use: the limits the daemon watches while it runs ({@code memory_limit},
 * {@code cpu_limit}, {@code limit_window}: a process over one for the window is restarted) and the
 * kernel's resource limits it is spawned with ({@code rlimit_*}). The watched limits apply in place;
 * the rlimits are part of the launch ({@link #launchPart()}).
 *
 * @param limits  the watched limits; {@link UsageLimits#NONE}: none
 * @param rlimits the kernel limits set before the program runs, at most one per resource
 */
public record Resources(UsageLimits limits, List<Rlimit> rlimits) {

    public static final Resources NONE = new Resources(UsageLimits.NONE, List.of());

    public Resources {
        rlimits = List.copyOf(rlimits);
    }

    /** The part a running process was launched with: a change of it relaunches the process. */
    public Object launchPart() {
        return rlimits;
    }

    public Resources withLimits(UsageLimits l) {
        return new Resources(l, rlimits);
    }

    public Resources withRlimits(List<Rlimit> r) {
        return new Resources(limits, r);
    }
}
