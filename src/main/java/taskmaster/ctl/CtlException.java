package taskmaster.ctl;

/**
 * A command that could not be done. {@link #fault()} is the daemon's fault code (BAD_NAME,
 * SPAWN_ERROR, ...) or one of the client's own: {@link #UNREACHABLE}, {@link #USAGE},
 * {@link #PROTOCOL}.
 */
public final class CtlException extends Exception {

    /** Nothing answered at the address, or it refused the credentials or the TLS handshake. */
    public static final String UNREACHABLE = "UNREACHABLE";
    /** The command line is wrong. */
    public static final String USAGE = "USAGE";
    /** The answer was not what a taskmaster daemon sends (not JSON, policy denial, no such bean). */
    public static final String PROTOCOL = "PROTOCOL";

    private final String fault;

    public CtlException(String fault, String message) {
        super(message);
        this.fault = fault;
    }

    public String fault() {
        return fault;
    }

    /** The documented exit code for this failure. */
    public int exitCode() {
        return switch (fault) {
            case UNREACHABLE -> Exit.UNREACHABLE;
            case USAGE, "BAD_SIGNAL", "BAD_ARGUMENTS" -> Exit.USAGE;
            case "BAD_NAME" -> Exit.BAD_NAME;
            default -> Exit.FAILED;
        };
    }
}
