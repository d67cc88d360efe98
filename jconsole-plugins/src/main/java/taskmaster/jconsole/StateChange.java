package taskmaster.jconsole;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import javax.management.AttributeChangeNotification;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import taskmaster.mbeans.ProcessState;

/**
 * One process's state change, as the Supervisor's {@code AttributeChangeNotification} carries it:
 * the new state is the notification's new value, the process and its pid are in the user data
 * ({@link taskmaster.mbeans.StateChange}).
 *
 * @param line the change as the event log shows it: {@code 12:00:01 web: STARTING -> RUNNING (pid 42)}
 */
record StateChange(String process, ProcessState state, long pid, long time, String line) {

    /** The attribute of a state change; the Supervisor also sends changes of {@code Health} ({@link HealthNotice}). */
    static final String STATE = "State";

    /** The state change this notification is, or empty for any other notification. */
    static Optional<StateChange> of(Notification n) {
        if (!(n instanceof AttributeChangeNotification change
                && STATE.equals(change.getAttributeName())
                && change.getUserData() instanceof CompositeData d)) {
            return Optional.empty();
        }
        String process = (String) d.get(taskmaster.mbeans.StateChange.PROCESS);
        ProcessState state = ProcessState.valueOf(String.valueOf(change.getNewValue()));
        long pid = d.containsKey(taskmaster.mbeans.StateChange.PID)
                ? ((Number) d.get(taskmaster.mbeans.StateChange.PID)).longValue()
                : 0;
        long time = change.getTimeStamp();
        String line =
                LocalTime.ofInstant(Instant.ofEpochMilli(time), ZoneId.systemDefault())
                                .format(TaskmasterPanel.HMS) + " " + process + ": " + change.getOldValue() + " -> "
                        + change.getNewValue() + (pid > 0 ? " (pid " + pid + ")" : "");
        return Optional.of(new StateChange(process, state, pid, time, line));
    }
}
