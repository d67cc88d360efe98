package taskmaster.management;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanConstructorInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;
import taskmaster.mbeans.Description;

/**
 * An MXBean whose MBeanInfo carries the {@link Description} sentences of its interface (JConsole
 * and Jolokia's {@code list} show them) and the real parameter names, and which emits the
 * notifications of {@code emitter}. No constructor is exposed.
 */
final class DescribedMBean<T> extends StandardEmitterMBean {

    private final Class<T> type;

    DescribedMBean(T impl, Class<T> type, NotificationEmitter emitter) {
        super(impl, type, true, emitter);
        this.type = type;
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
                .filter(m -> m.getName().equals("get" + info.getName()) || m.getName().equals("is" + info.getName()))
                .map(m -> m.getAnnotation(Description.class)).filter(d -> d != null)
                .map(Description::value).findFirst().orElse(super.getDescription(info));
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return operation(info).map(m -> m.getAnnotation(Description.class)).filter(d -> d != null)
                .map(Description::value).orElse(super.getDescription(info));
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return operation(op).map(m -> m.getParameters()[sequence].getAnnotation(Description.class))
                .filter(d -> d != null).map(Description::value).orElse(super.getDescription(op, param, sequence));
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return operation(op).map(m -> m.getParameters()[sequence])
                .filter(p -> p.isNamePresent()).map(p -> p.getName())
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
