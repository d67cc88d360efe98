package taskmaster.resources;

import java.util.Arrays;

/** A map of pid to a long, open addressing on primitive arrays: no boxing on the sampling path. */
final class PidLongMap {
    private int[] keys = new int[2048];
    private long[] values = new long[2048];
    private int size;

    /** The value of {@code pid}, or {@code missing}. */
    long get(int pid, long missing) {
        int mask = keys.length - 1;
        for (int i = mix(pid) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == pid) {
                return values[i];
            }
            if (k == 0) {
                return missing;
            }
        }
    }

    void put(int pid, long value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(pid) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == pid) {
                values[i] = value;
                return;
            }
            if (keys[i] == 0) {
                keys[i] = pid;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    void clear() {
        Arrays.fill(keys, 0);
        size = 0;
    }

    private void grow() {
        int[] k = keys;
        long[] v = values;
        keys = new int[k.length * 2];
        values = new long[k.length * 2];
        size = 0;
        for (int i = 0; i < k.length; i++) {
            if (k[i] != 0) {
                put(k[i], v[i]);
            }
        }
    }

    private static int mix(int pid) {
        return pid * 0x9E3779B9 >>> 7 ^ pid;
    }
}
