package taskmaster.management;

import java.util.List;
import taskmaster.xmlrpc.RpcFault;

/**
 * One entry of the fixed method table: a documented name, how many parameters it takes, its
 * {@code system.methodSignature} ({@code [return type, parameter types...]}, supervisord's) and
 * its {@code system.methodHelp}.
 *
 * @param minArgs the parameters that have no default; at most {@code signature.size() - 1}
 */
record RpcMethod(String name, int minArgs, List<String> signature, String help, Handler handler) {

    @FunctionalInterface
    interface Handler {
        Object call(RpcArgs args) throws RpcFault;
    }

    int maxArgs() {
        return signature.size() - 1;
    }
}
