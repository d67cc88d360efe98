package taskmaster.xmlrpc;

/** The XML-RPC server cannot start as configured: the message says why and what to change, in one line. */
public final class RpcServerException extends Exception {

    private static final long serialVersionUID = 1L;

    public RpcServerException(String message) {
        super(message);
    }

    public RpcServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
