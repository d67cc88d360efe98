package taskmaster.events;

/** A serial number as supervisord counts them: from 0, back to 0 after the largest. */
final class Serial {
    private long last = -1;

    long next() {
        last = last == Long.MAX_VALUE ? 0 : last + 1;
        return last;
    }
}
