package taskmaster.management;

import java.util.List;
import taskmaster.xmlrpc.RpcFault;

/**
 * The parameters of one call, read by position with the XML-RPC type the method's signature
 * names; any other type is INCORRECT_PARAMETERS (supervisord's answer to a call Python cannot
 * bind), never an exception the server would turn into an HTTP 500.
 */
final class RpcArgs {

    private final List<Object> params;

    RpcArgs(List<Object> params) {
        this.params = params;
    }

    int size() {
        return params.size();
    }

    Object raw(int i) {
        return params.get(i);
    }

    String string(int i) throws RpcFault {
        if (params.get(i) instanceof String s) {
            return s;
        }
        throw RpcFaults.of(RpcFaults.INCORRECT_PARAMETERS);
    }

    int integer(int i) throws RpcFault {
        if (params.get(i) instanceof Integer n) {
            return n;
        }
        throw RpcFaults.of(RpcFaults.INCORRECT_PARAMETERS);
    }

    /** A boolean that may be left out; an int 0 or 1 is taken too, as Python takes any truth value. */
    boolean bool(int i, boolean absent) throws RpcFault {
        if (i >= params.size()) {
            return absent;
        }
        return switch (params.get(i)) {
            case Boolean b -> b;
            case Integer n when n == 0 || n == 1 -> n == 1;
            default -> throw RpcFaults.of(RpcFaults.INCORRECT_PARAMETERS);
        };
    }
}
