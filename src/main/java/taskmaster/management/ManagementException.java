package taskmaster.management;

/** The management plane cannot start as configured; the message says why and what to change. */
public final class ManagementException extends Exception {
    public ManagementException(String message) {
        super(message);
    }

    public ManagementException(String message, Throwable cause) {
        super(message, cause);
    }
}
