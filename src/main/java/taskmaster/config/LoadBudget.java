package taskmaster.config;

/** What one load has expanded so far, against {@link Limits#MAX_EXPANDED_CHARS}. */
final class LoadBudget {
    private long used;

    /** Adds {@code chars}; throws once the load as a whole goes over the limit. */
    void charge(long chars) throws InvalidValueException {
        used += chars;
        if (used > Limits.MAX_EXPANDED_CHARS) {
            throw new InvalidValueException("the configuration expands to more than " + Limits.MAX_EXPANDED_CHARS
                    + " characters in all, over every value of every process (allowed: fewer or shorter values,"
                    + " or a smaller numprocs)");
        }
    }
}
