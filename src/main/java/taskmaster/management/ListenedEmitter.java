package taskmaster.management;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;

/**
 * A bean's emitter that tells how many listeners it gains and loses, so that the output notices'
 * ticker runs only while someone listens to a process bean (a JMX client, Jolokia's notifications
 * and so its SSE streams), and no notification is built for nobody. {@link #forget} gives back
 * the listeners of a bean that is unregistered with some still added: the MBean server does not
 * remove them.
 */
final class ListenedEmitter extends NotificationBroadcasterSupport {
    private final IntConsumer change;
    /** Registrations by listener (one listener may be added with several filters); guarded by this. */
    private final Map<NotificationListener, Integer> added = new HashMap<>();

    /** Written under this object's lock, read without it by {@link #listened}. */
    private volatile int count;

    ListenedEmitter(Executor delivery, MBeanNotificationInfo... info) {
        this(delivery, n -> {}, info);
    }

    ListenedEmitter(Executor delivery, IntConsumer change, MBeanNotificationInfo... info) {
        super(delivery, info);
        this.change = change;
    }

    @Override
    public void addNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback) {
        super.addNotificationListener(listener, filter, handback);
        synchronized (this) {
            added.merge(listener, 1, Integer::sum);
            count++;
        }
        change.accept(1);
    }

    @Override
    public void removeNotificationListener(NotificationListener listener) throws ListenerNotFoundException {
        super.removeNotificationListener(listener);
        int gone;
        synchronized (this) {
            Integer n = added.remove(listener);
            gone = n == null ? 0 : n;
            count -= gone;
        }
        change.accept(-gone);
    }

    @Override
    public void removeNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback)
            throws ListenerNotFoundException {
        super.removeNotificationListener(listener, filter, handback);
        synchronized (this) {
            added.computeIfPresent(listener, (l, n) -> n > 1 ? n - 1 : null);
            count--;
        }
        change.accept(-1);
    }

    /**
     * Whether anyone listens now. A notification for no listener is not built (its CompositeData
     * and message cost the loop about a tenth of a stop of all), only numbered.
     */
    boolean listened() {
        return count > 0;
    }

    /** The bean is gone: its listeners no longer count, they will hear nothing more. */
    void forget() {
        int gone;
        synchronized (this) {
            gone = count;
            count = 0;
            added.clear();
        }
        if (gone > 0) {
            change.accept(-gone);
        }
    }
}
