package taskmaster.management;

import java.io.ObjectInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.IntrospectionException;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanConstructorInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectInstance;
import javax.management.ObjectName;
import javax.management.QueryExp;
import javax.management.ReflectionException;
import javax.management.loading.ClassLoaderRepository;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.MBeanServerForwarder;
import javax.security.auth.Subject;

/**
 * Everything that reaches the MBean server through the RMI connector passes here, for every user
 * (readwrite ones included): what the {@link AccessPolicy} does not allow is refused with a
 * {@link SecurityException}, and read-only users may not invoke or write at all.
 *
 * <p>Names outside the allow-list are hidden, not merely locked: queries list only allowed beans
 * (a query expression is evaluated on allowed beans only, so it cannot probe the others),
 * {@code isRegistered} answers false for them, {@code getMBeanInfo} describes only allowed beans,
 * trimmed to the attributes the caller may read (writable only where it may write) and the
 * operations it may invoke. The delegate's registration notifications are passed on only for
 * allowed names. Creating, registering and unregistering beans, instantiating classes and reaching
 * class loaders are refused to everyone. The connector itself calls {@code getClassLoaderFor} (to
 * read a call's arguments) and {@code getClassLoaderRepository}; the first is allowed for visible
 * beans only, the second returns the server's repository, which clients cannot reach.
 */
final class AllowListForwarder implements MBeanServerForwarder {

    private final AccessPolicy policy;
    private final Map<String, ManagementSettings.JmxUser> users;
    private final Map<NotificationListener, NotificationListener> delegateListeners =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private volatile MBeanServer next;

    AllowListForwarder(AccessPolicy policy, Map<String, ManagementSettings.JmxUser> users) {
        this.policy = policy;
        this.users = Map.copyOf(users);
    }

    @Override
    public MBeanServer getMBeanServer() {
        return next;
    }

    @Override
    public void setMBeanServer(MBeanServer mbs) {
        this.next = mbs;
    }

    // ---- the checks ----

    private static SecurityException refused(String what) {
        return new SecurityException("Access denied: " + what + " is not allowed over the JMX connector"
                + " (allowed: taskmaster:* and reads of java.lang Memory, Threading, Runtime and OperatingSystem)");
    }

    private void requireVisible(ObjectName name, String call) {
        if (name == null || name.isPattern() || !policy.visible(name)) {
            throw refused(call + " on " + name);
        }
    }

    /** Invoking and writing need a readwrite user; internal calls of the connector never write. */
    private void requireReadWrite(String call) {
        Subject subject = Subject.current();
        boolean rw = subject != null
                && subject.getPrincipals(JMXPrincipal.class).stream()
                        .map(p -> users.get(p.getName()))
                        .anyMatch(u -> u != null && u.readWrite());
        if (!rw) {
            throw new SecurityException("Access denied: " + call + " needs a readwrite user (jmx_users)");
        }
    }

    // ---- queries: allowed names only ----

    @Override
    public Set<ObjectName> queryNames(ObjectName name, QueryExp query) {
        Set<ObjectName> out = new LinkedHashSet<>();
        for (ObjectName n : next.queryNames(name, null)) {
            // The expression runs on one allowed bean at a time, never on the others.
            if (policy.visible(n)
                    && (query == null || !next.queryNames(n, query).isEmpty())) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public Set<ObjectInstance> queryMBeans(ObjectName name, QueryExp query) {
        Set<ObjectInstance> out = new LinkedHashSet<>();
        for (ObjectName n : queryNames(name, query)) {
            try {
                out.add(next.getObjectInstance(n));
            } catch (InstanceNotFoundException gone) {
                // unregistered meanwhile
            }
        }
        return out;
    }

    @Override
    public boolean isRegistered(ObjectName name) {
        return name != null && policy.visible(name) && next.isRegistered(name);
    }

    @Override
    public Integer getMBeanCount() {
        return queryNames(null, null).size();
    }

    @Override
    public String[] getDomains() {
        Set<String> domains = new TreeSet<>();
        queryNames(null, null).forEach(n -> domains.add(n.getDomain()));
        return domains.toArray(String[]::new);
    }

    @Override
    public String getDefaultDomain() {
        return next.getDefaultDomain();
    }

    @Override
    public ObjectInstance getObjectInstance(ObjectName name) throws InstanceNotFoundException {
        requireVisible(name, "getObjectInstance");
        return next.getObjectInstance(name);
    }

    @Override
    public boolean isInstanceOf(ObjectName name, String className) throws InstanceNotFoundException {
        requireVisible(name, "isInstanceOf");
        return next.isInstanceOf(name, className);
    }

    @Override
    public MBeanInfo getMBeanInfo(ObjectName name)
            throws InstanceNotFoundException, IntrospectionException, ReflectionException {
        requireVisible(name, "getMBeanInfo");
        return trimmed(name, next.getMBeanInfo(name));
    }

    /** The info as the caller may use it; the bean's own when nothing is hidden. */
    private MBeanInfo trimmed(ObjectName name, MBeanInfo info) {
        List<MBeanAttributeInfo> attrs = new ArrayList<>();
        boolean changed = info.getConstructors().length > 0;
        for (MBeanAttributeInfo a : info.getAttributes()) {
            boolean read = a.isReadable() && policy.canRead(name, a.getName());
            boolean write = a.isWritable() && policy.canWrite(name, a.getName());
            if (read == a.isReadable() && write == a.isWritable()) {
                attrs.add(a);
            } else {
                changed = true;
                if (read || write) {
                    attrs.add(new MBeanAttributeInfo(
                            a.getName(),
                            a.getType(),
                            a.getDescription(),
                            read,
                            write,
                            read && a.isIs(),
                            a.getDescriptor()));
                }
            }
        }
        List<MBeanOperationInfo> ops = new ArrayList<>();
        for (MBeanOperationInfo o : info.getOperations()) {
            if (policy.canInvoke(name, o.getName())) {
                ops.add(o);
            } else {
                changed = true;
            }
        }
        if (!changed) {
            return info;
        }
        return new MBeanInfo(
                info.getClassName(),
                info.getDescription(),
                attrs.toArray(MBeanAttributeInfo[]::new),
                new MBeanConstructorInfo[0],
                ops.toArray(MBeanOperationInfo[]::new),
                info.getNotifications(),
                info.getDescriptor());
    }

    // ---- attributes and operations ----

    @Override
    public Object getAttribute(ObjectName name, String attribute)
            throws MBeanException, javax.management.AttributeNotFoundException, InstanceNotFoundException,
                    ReflectionException {
        if (name == null || !policy.canRead(name, attribute)) {
            throw refused("reading " + attribute + " of " + name);
        }
        return next.getAttribute(name, attribute);
    }

    @Override
    public AttributeList getAttributes(ObjectName name, String[] attributes)
            throws InstanceNotFoundException, ReflectionException {
        requireVisible(name, "getAttributes");
        // An attribute that cannot be read is left out, as getAttributes does for any failure.
        String[] readable =
                Arrays.stream(attributes).filter(a -> policy.canRead(name, a)).toArray(String[]::new);
        return next.getAttributes(name, readable);
    }

    @Override
    public void setAttribute(ObjectName name, Attribute attribute)
            throws InstanceNotFoundException, javax.management.AttributeNotFoundException,
                    javax.management.InvalidAttributeValueException, MBeanException, ReflectionException {
        if (name == null || attribute == null || !policy.canWrite(name, attribute.getName())) {
            throw refused("writing " + (attribute == null ? null : attribute.getName()) + " of " + name);
        }
        requireReadWrite("setAttribute");
        next.setAttribute(name, attribute);
    }

    @Override
    public AttributeList setAttributes(ObjectName name, AttributeList attributes)
            throws InstanceNotFoundException, ReflectionException {
        requireVisible(name, "setAttributes");
        for (Attribute a : attributes.asList()) {
            if (!policy.canWrite(name, a.getName())) {
                throw refused("writing " + a.getName() + " of " + name);
            }
        }
        requireReadWrite("setAttributes");
        return next.setAttributes(name, attributes);
    }

    @Override
    public Object invoke(ObjectName name, String operationName, Object[] params, String[] signature)
            throws InstanceNotFoundException, MBeanException, ReflectionException {
        if (name == null || !policy.canInvoke(name, operationName)) {
            throw refused("invoking " + operationName + " on " + name);
        }
        requireReadWrite("invoke");
        return next.invoke(name, operationName, params, signature);
    }

    // ---- notifications ----

    @Override
    public void addNotificationListener(
            ObjectName name, NotificationListener listener, NotificationFilter filter, Object handback)
            throws InstanceNotFoundException {
        requireVisible(name, "addNotificationListener");
        next.addNotificationListener(name, delegateSafe(name, listener), filter, handback);
    }

    @Override
    public void addNotificationListener(
            ObjectName name, ObjectName listener, NotificationFilter filter, Object handback) {
        // No allowed bean is a listener; an MBean as listener could only be a way round the list.
        throw refused("addNotificationListener with an MBean as listener (" + listener + ") on " + name);
    }

    @Override
    public void removeNotificationListener(ObjectName name, ObjectName listener)
            throws InstanceNotFoundException, ListenerNotFoundException {
        requireVisible(name, "removeNotificationListener");
        next.removeNotificationListener(name, listener);
    }

    @Override
    public void removeNotificationListener(
            ObjectName name, ObjectName listener, NotificationFilter filter, Object handback)
            throws InstanceNotFoundException, ListenerNotFoundException {
        requireVisible(name, "removeNotificationListener");
        next.removeNotificationListener(name, listener, filter, handback);
    }

    @Override
    public void removeNotificationListener(ObjectName name, NotificationListener listener)
            throws InstanceNotFoundException, ListenerNotFoundException {
        requireVisible(name, "removeNotificationListener");
        next.removeNotificationListener(name, delegateSafe(name, listener));
    }

    @Override
    public void removeNotificationListener(
            ObjectName name, NotificationListener listener, NotificationFilter filter, Object handback)
            throws InstanceNotFoundException, ListenerNotFoundException {
        requireVisible(name, "removeNotificationListener");
        next.removeNotificationListener(name, delegateSafe(name, listener), filter, handback);
    }

    /**
     * On the delegate, the listener (the connector's notification buffer) is wrapped so that it hears
     * of allowed beans only; the same wrapper every time, so that removal finds it.
     */
    private NotificationListener delegateSafe(ObjectName name, NotificationListener listener) {
        if (listener == null || !MBeanServerDelegate.DELEGATE_NAME.equals(name)) {
            return listener;
        }
        return delegateListeners.computeIfAbsent(listener, l -> (notification, handback) -> {
            if (!(notification instanceof MBeanServerNotification m) || policy.visible(m.getMBeanName())) {
                l.handleNotification(notification, handback);
            }
        });
    }

    // ---- refused to everyone ----

    @Override
    public ObjectInstance createMBean(String className, ObjectName name) {
        throw refused("createMBean");
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, ObjectName loaderName) {
        throw refused("createMBean");
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, Object[] params, String[] signature) {
        throw refused("createMBean");
    }

    @Override
    public ObjectInstance createMBean(
            String className, ObjectName name, ObjectName loaderName, Object[] params, String[] signature) {
        throw refused("createMBean");
    }

    @Override
    public ObjectInstance registerMBean(Object object, ObjectName name) {
        throw refused("registerMBean");
    }

    @Override
    public void unregisterMBean(ObjectName name) {
        throw refused("unregisterMBean");
    }

    @Override
    public Object instantiate(String className) {
        throw refused("instantiate");
    }

    @Override
    public Object instantiate(String className, ObjectName loaderName) {
        throw refused("instantiate");
    }

    @Override
    public Object instantiate(String className, Object[] params, String[] signature) {
        throw refused("instantiate");
    }

    @Override
    public Object instantiate(String className, ObjectName loaderName, Object[] params, String[] signature) {
        throw refused("instantiate");
    }

    @Override
    @SuppressWarnings("deprecation")
    public ObjectInputStream deserialize(ObjectName name, byte[] data) {
        throw refused("deserialize");
    }

    @Override
    @SuppressWarnings("deprecation")
    public ObjectInputStream deserialize(String className, byte[] data) {
        throw refused("deserialize");
    }

    @Override
    @SuppressWarnings("deprecation")
    public ObjectInputStream deserialize(String className, ObjectName loaderName, byte[] data) {
        throw refused("deserialize");
    }

    @Override
    public ClassLoader getClassLoader(ObjectName loaderName) {
        throw refused("getClassLoader");
    }

    @Override
    public ClassLoader getClassLoaderFor(ObjectName mbeanName) throws InstanceNotFoundException {
        // The connector asks this first, to read the arguments of a call on the bean.
        if (mbeanName == null || mbeanName.isPattern() || !policy.visible(mbeanName)) {
            throw refused("any use of " + mbeanName);
        }
        return next.getClassLoaderFor(mbeanName);
    }

    @Override
    public ClassLoaderRepository getClassLoaderRepository() {
        return next.getClassLoaderRepository();
    }
}
