package taskmaster.management;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanConstructorInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
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
 */
final class DescribedMBean<T> extends StandardEmitterMBean {

    private static final Set<String> PRIMITIVES =
            Set.of("int", "long", "boolean", "double", "float", "short", "byte", "char");

    private final Class<T> type;

    DescribedMBean(T impl, Class<T> type, NotificationEmitter emitter) {
        super(impl, type, true, emitter);
        this.type = type;
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
