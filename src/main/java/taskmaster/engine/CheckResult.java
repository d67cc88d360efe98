package taskmaster.engine;

/**
 * The outcome of one probe.
 *
 * @param ok      whether it succeeded
 * @param message one line for people: {@code HTTP 503}, {@code connection refused}, {@code timed out after 5 s}
 */
public record CheckResult(boolean ok, String message) {

    public static CheckResult ok(String message) {
        return new CheckResult(true, message);
    }

    public static CheckResult failed(String message) {
        return new CheckResult(false, message);
    }
}
