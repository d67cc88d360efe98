package taskmaster.management;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanConstructorInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationEmitter;
import javax.management.ReflectionException;
import javax.management.StandardEmitterMBean;
import taskmaster.mbeans.Description;
import taskmaster.mbeans.Fault;

/**
 * An MXBean whose MBeanInfo carries the {@link Description} sentences of its interface (JConsole
 * and Jolokia's {@code list} show them) and the real parameter names, and which emits the
 * notifications of {@code emitter}. No constructor is exposed.
 *
 * <p>All beans of one interface, implementation class and set of notifications share one
 * MBeanInfo: it depends on nothing else, and each bean building its own cost 1000 Process beans
 * about 3 MB of heap (a copy of every attribute, operation and parameter info) and the reflection
 * that finds the descriptions, at registration.
 */
final class DescribedMBean<T> extends StandardEmitterMBean {

    private static final Set<String> PRIMITIVES =
            Set.of("int", "long", "boolean", "double", "float", "short", "byte", "char");

    /** The MBeanInfo of each kind of bean; a handful of entries (Supervisor, Program, Process). */
    private static final Map<InfoKey, MBeanInfo> SHARED = new ConcurrentHashMap<>();

    private final Class<T> type;
    private final Class<?> implType;
    private final NotificationEmitter emitter;
    /** This bean's (shared) MBeanInfo once looked up, so that a read does not look it up again. */
    private volatile MBeanInfo info;

    /** What an MBeanInfo is made of, besides the constant descriptions of {@code type}. */
    private record InfoKey(Class<?> type, Class<?> implType, List<MBeanNotificationInfo> notifications) {}

    DescribedMBean(T impl, Class<T> type, NotificationEmitter emitter) {
        super(impl, type, true, emitter);
        this.type = type;
        this.implType = impl.getClass();
        this.emitter = emitter;
    }

    private InfoKey key() {
        return new InfoKey(type, implType, List.of(emitter.getNotificationInfo()));
    }

    @Override
    protected MBeanInfo getCachedMBeanInfo() {
        MBeanInfo i = info;
        if (i == null) {
            i = SHARED.get(key());
            info = i;
        }
        return i;
    }

    /** Keeps the first MBeanInfo built for this kind of bean for all; a null (reset) changes nothing. */
    @Override
    protected void cacheMBeanInfo(MBeanInfo built) {
        if (built != null) {
            info = SHARED.computeIfAbsent(key(), k -> built);
        }
    }

    /**
     * A null where the operation takes a number would fail deep in the MXBean layer with a
     * NullPointerException whose text names JDK internals; it is a bad request, said so.
     */
    @Override
    public Object invoke(String operation, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        for (int i = 0; params != null && signature != null && i < Math.min(params.length, signature.length); i++) {
            if (params[i] == null && PRIMITIVES.contains(signature[i])) {
                throw Ops.failure(
                        Fault.BAD_ARGUMENTS,
                        operation,
                        "argument " + (i + 1) + " is null" + " (allowed: a number, or true or false for a boolean)");
            }
        }
        return super.invoke(operation, params, signature);
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        Description d = type.getAnnotation(Description.class);
        return d != null ? d.value() : super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getParameterCount() == 0)
                .filter(m -> m.getName().equals("get" + info.getName())
                        || m.getName().equals("is" + info.getName()))
                .map(m -> m.getAnnotation(Description.class))
                .filter(d -> d != null)
                .map(Description::value)
                .findFirst()
                .orElse(super.getDescription(info));
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return operation(info)
                .map(m -> m.getAnnotation(Description.class))
                .filter(d -> d != null)
                .map(Description::value)
                .orElse(super.getDescription(info));
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return operation(op)
                .map(m -> m.getParameters()[sequence].getAnnotation(Description.class))
                .filter(d -> d != null)
                .map(Description::value)
                .orElse(super.getDescription(op, param, sequence));
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return operation(op)
                .map(m -> m.getParameters()[sequence])
                .filter(p -> p.isNamePresent())
                .map(p -> p.getName())
                .orElse(super.getParameterName(op, param, sequence));
    }

    @Override
    protected MBeanConstructorInfo[] getConstructors(MBeanConstructorInfo[] ctors, Object impl) {
        return new MBeanConstructorInfo[0];
    }

    private Optional<Method> operation(MBeanOperationInfo info) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(info.getName()) && m.getParameterCount() == info.getSignature().length)
                .findFirst();
    }
}
