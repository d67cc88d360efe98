package taskmaster.config;

/**
 * What one load has expanded so far, against {@link Limits#MAX_EXPANDED_CHARS}. Past the limit,
 * every charge fails, but only the first failure is worth reporting: the others are its echo.
 */
final class LoadBudget {
    private long used;
    private boolean reported;

    /** The load went over its budget; {@code first} only for the charge that crossed it. */
    static final class Exceeded extends InvalidValueException {
        final boolean first;

        Exceeded(boolean first) {
            super("the configuration expands to more than " + Limits.MAX_EXPANDED_CHARS
                    + " characters in all, over every value of every process (allowed: fewer or shorter values,"
                    + " or a smaller numprocs)");
            this.first = first;
        }
    }

    /** Adds {@code chars}; throws once the load as a whole goes over the limit. */
    void charge(long chars) throws Exceeded {
        used += chars;
        if (used > Limits.MAX_EXPANDED_CHARS) {
            boolean first = !reported;
            reported = true;
            throw new Exceeded(first);
        }
    }

    boolean exhausted() {
        return used > Limits.MAX_EXPANDED_CHARS;
    }
}
