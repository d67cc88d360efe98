package taskmaster.xmlrpc;

/**
 * An XML-RPC fault: the {@code faultCode} and {@code faultString} the client receives. The codes
 * and strings of supervisord's methods are supervisord's own ({@code 10} and
 * {@code BAD_NAME: web}), since supervisorctl and the dashboards match on them.
 */
public final class RpcFault extends Exception {

    private static final long serialVersionUID = 1L;

    private final int code;

    public RpcFault(int code, String string) {
        super(string, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The fault string, as sent. */
    public String string() {
        return getMessage();
    }
}
