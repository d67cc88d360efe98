package taskmaster.management;

import java.nio.file.Path;
import java.util.List;
import taskmaster.xmlrpc.RpcDispatcher;
import taskmaster.xmlrpc.RpcFault;

/**
 * supervisord's XML-RPC interface ({@code supervisor.*}, {@code system.*}) over the same
 * operations as the MBeans: another adapter beside {@link SupervisorBean}, no second path into the
 * engine.
 *
 * <p>SEAM: the method table is being written; until then every method is unknown.
 */
public final class SupervisorRpc implements RpcDispatcher {

    SupervisorRpc(Ops ops, Control control, String version, long startTime, Path configFile) {}

    @Override
    public Object call(String method, List<Object> params) throws RpcFault {
        throw new RpcFault(1, "UNKNOWN_METHOD");
    }
}
