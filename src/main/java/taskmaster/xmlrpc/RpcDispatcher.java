package taskmaster.xmlrpc;

import java.util.List;

/**
 * The methods an XML-RPC server answers, by name: the seam between the wire (HTTP, the XML
 * encoding, credentials) and what a call does. Values are plain JDK types, one per XML-RPC type:
 * {@code Integer} (i4/int), {@code Boolean}, {@code String}, {@code Double}, {@code byte[]}
 * (base64), {@code java.time.LocalDateTime} (dateTime.iso8601), {@code List<Object>} (array) and
 * {@code Map<String, Object>} (struct, in its insertion order).
 *
 * <p>Implementations look methods up in a fixed table, never by reflection or dotted names.
 * Called on the server's threads, possibly at once; a call may block while the operation runs.
 */
public interface RpcDispatcher {

    /**
     * Runs one call.
     *
     * @throws RpcFault what the client receives as a {@code <fault>}
     */
    Object call(String method, List<Object> params) throws RpcFault;
}
