package taskmaster.management;

import taskmaster.mbeans.Fault;
import taskmaster.xmlrpc.RpcFault;

/**
 * supervisord's fault codes and strings ({@code supervisor.xmlrpc.Faults}): supervisorctl and the
 * dashboards branch on the code and print the string, so both are supervisord's exactly. A fault
 * string is the code's name, then {@code ": "} and what supervisord puts there (mostly the name as
 * the client gave it): {@code BAD_NAME: web}.
 */
final class RpcFaults {

    static final int UNKNOWN_METHOD = 1;
    static final int INCORRECT_PARAMETERS = 2;
    static final int BAD_ARGUMENTS = 3;
    static final int SIGNATURE_UNSUPPORTED = 4;
    static final int SHUTDOWN_STATE = 6;
    static final int BAD_NAME = 10;
    static final int BAD_SIGNAL = 11;
    static final int NO_FILE = 20;
    static final int NOT_EXECUTABLE = 21;
    static final int FAILED = 30;
    static final int ABNORMAL_TERMINATION = 40;
    static final int SPAWN_ERROR = 50;
    static final int ALREADY_STARTED = 60;
    static final int NOT_RUNNING = 70;
    static final int SUCCESS = 80;
    static final int ALREADY_ADDED = 90;
    static final int STILL_RUNNING = 91;
    static final int CANT_REREAD = 92;

    private RpcFaults() {}

    /** supervisord's name of a code, as its fault strings begin. */
    static String name(int code) {
        return switch (code) {
            case UNKNOWN_METHOD -> "UNKNOWN_METHOD";
            case INCORRECT_PARAMETERS -> "INCORRECT_PARAMETERS";
            case BAD_ARGUMENTS -> "BAD_ARGUMENTS";
            case SIGNATURE_UNSUPPORTED -> "SIGNATURE_UNSUPPORTED";
            case SHUTDOWN_STATE -> "SHUTDOWN_STATE";
            case BAD_NAME -> "BAD_NAME";
            case BAD_SIGNAL -> "BAD_SIGNAL";
            case NO_FILE -> "NO_FILE";
            case NOT_EXECUTABLE -> "NOT_EXECUTABLE";
            case FAILED -> "FAILED";
            case ABNORMAL_TERMINATION -> "ABNORMAL_TERMINATION";
            case SPAWN_ERROR -> "SPAWN_ERROR";
            case ALREADY_STARTED -> "ALREADY_STARTED";
            case NOT_RUNNING -> "NOT_RUNNING";
            case SUCCESS -> "SUCCESS";
            case ALREADY_ADDED -> "ALREADY_ADDED";
            case STILL_RUNNING -> "STILL_RUNNING";
            case CANT_REREAD -> "CANT_REREAD";
            default -> "UNKNOWN";
        };
    }

    /** {@code NAME} alone, as supervisord's {@code RPCError(code)}. */
    static RpcFault of(int code) {
        return new RpcFault(code, name(code));
    }

    /** {@code NAME: extra}, as supervisord's {@code RPCError(code, extra)}. */
    static RpcFault of(int code, String extra) {
        return new RpcFault(code, name(code) + ": " + extra);
    }

    /** supervisord's code for one of ours. */
    static int code(Fault fault) {
        return switch (fault) {
            case BAD_NAME -> BAD_NAME;
            case ALREADY_STARTED -> ALREADY_STARTED;
            case NOT_RUNNING -> NOT_RUNNING;
            case SPAWN_ERROR -> SPAWN_ERROR;
            case ABNORMAL_TERMINATION -> ABNORMAL_TERMINATION;
            case SHUTTING_DOWN -> SHUTDOWN_STATE;
            case BAD_SIGNAL -> BAD_SIGNAL;
            case CANT_REREAD -> CANT_REREAD;
            case BAD_ARGUMENTS -> BAD_ARGUMENTS;
            case NO_FILE -> NO_FILE;
            case ALREADY_ADDED -> ALREADY_ADDED;
            case STILL_RUNNING -> STILL_RUNNING;
            // supervisord has no dependencies: its generic failure, the message says which
            case DEPENDENCY_FAILED, HAS_DEPENDENTS -> FAILED;
            // supervisord has no timeout (it waits without end); ours bounds the wait
            case TIMEOUT, FAILED -> FAILED;
        };
    }

    /** The fault at the head of an {@link Ops} failure ({@code FAULT: name: explanation}); FAILED if none. */
    static Fault faultOf(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        int colon = m.indexOf(':');
        return Fault.parse(colon > 0 ? m.substring(0, colon) : m).orElse(Fault.FAILED);
    }

    /** What {@link Ops} says after {@code FAULT: name: }, for FAILED's text. */
    static String explanation(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        int first = m.indexOf(": ");
        int second = first < 0 ? -1 : m.indexOf(": ", first + 2);
        return second < 0 ? (first < 0 ? m : m.substring(first + 2)) : m.substring(second + 2);
    }

    /**
     * An {@link Ops} or {@link Control} failure as supervisord words it: {@code CODE: extra}, except
     * FAILED, whose text is our explanation (supervisord's is whatever went wrong), and
     * SHUTDOWN_STATE, which supervisord sends bare.
     */
    static RpcFault from(RuntimeException e, String extra) {
        Fault f = faultOf(e);
        int code = code(f);
        return switch (code) {
            case SHUTDOWN_STATE -> of(code);
            case FAILED -> of(code, explanation(e));
            default -> of(code, extra);
        };
    }
}
