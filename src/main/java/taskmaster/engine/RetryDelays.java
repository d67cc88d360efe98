package taskmaster.engine;

import taskmaster.model.RestartPolicy;

/** The delay before the n-th retry of a failed start: pure arithmetic, for the transition function. */
final class RetryDelays {

    private RetryDelays() {}

    /**
     * Linear: n seconds (supervisord's 1, 2, 3 …); exponential: 2^(n-1) seconds (1, 2, 4 …); either
     * capped at {@code backoffMaxSeconds}, so that an unlimited count never grows a delay beyond it
     * (nor overflows).
     *
     * @param attempt the retry's number, from 1
     */
    static long seconds(RestartPolicy policy, int attempt) {
        long n = Math.max(1, attempt);
        long cap = policy.backoffMaxSeconds();
        long delay = switch (policy.backoff()) {
            case LINEAR -> n;
            // 2^62 s is beyond any cap an int holds: the shift stops there.
            case EXPONENTIAL -> n - 1 >= 62 ? Long.MAX_VALUE : 1L << (n - 1);
        };
        return Math.min(delay, cap);
    }
}
