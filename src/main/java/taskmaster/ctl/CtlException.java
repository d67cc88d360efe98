package taskmaster.ctl;

import taskmaster.mbeans.Fault;

/**
 * A command that could not be done. {@link #fault()} is the daemon's fault code (BAD_NAME,
 * SPAWN_ERROR, ...) or one of the client's own: {@link #UNREACHABLE}, {@link #USAGE},
 * {@link #PROTOCOL}, {@link #OTHER_DAEMON}, {@link #INTERRUPTED}.
 */
public final class CtlException extends Exception {

    /** Nothing answered at the address, or it refused the credentials or the TLS handshake. */
    public static final String UNREACHABLE = "UNREACHABLE";
    /** The command line is wrong. */
    public static final String USAGE = "USAGE";
    /** The answer was not what a taskmaster daemon sends (not JSON, policy denial, no such bean). */
    public static final String PROTOCOL = "PROTOCOL";
    /** The daemon reached serves another configuration file than the one taskmasterctl was given. */
    public static final String OTHER_DAEMON = "OTHER_DAEMON";
    /** Ctrl-C while the answer was awaited; the daemon goes on with what it was asked. */
    public static final String INTERRUPTED = "INTERRUPTED";

    private final String fault;
    private final boolean sent;

    public CtlException(String fault, String message) {
        this(fault, message, false);
    }

    /** A refusal taskmasterctl makes itself, with the daemon's code for it. */
    public CtlException(Fault fault, String message) {
        this(fault.name(), message, false);
    }

    /** @param sent the request had been sent whole when the connection failed: the daemon may have acted on it */
    public CtlException(String fault, String message, boolean sent) {
        super(message);
        this.fault = fault;
        this.sent = sent;
    }

    public String fault() {
        return fault;
    }

    /** Whether this is the daemon's {@code f}. */
    public boolean is(Fault f) {
        return fault.equals(f.name());
    }

    /** Whether the request reached the daemon whole before the failure (no answer came back). */
    public boolean sent() {
        return sent;
    }

    /** A failure the client prints as it is, without an {@code ERROR:} prefix. */
    boolean bare() {
        return switch (fault) {
            case UNREACHABLE, USAGE, OTHER_DAEMON, INTERRUPTED -> true;
            default -> getMessage().startsWith("ERROR");
        };
    }

    /** The documented exit code for this failure. */
    public int exitCode() {
        return switch (fault) {
            case UNREACHABLE -> Exit.UNREACHABLE;
            case OTHER_DAEMON -> Exit.OTHER_DAEMON;
            case USAGE -> Exit.USAGE;
            default ->
                switch (Fault.parse(fault).orElse(Fault.FAILED)) {
                    case BAD_SIGNAL, BAD_ARGUMENTS -> Exit.USAGE;
                    case BAD_NAME -> Exit.BAD_NAME;
                    default -> Exit.FAILED;
                };
        };
    }
}
