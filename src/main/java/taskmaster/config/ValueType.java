package taskmaster.config;

/** The syntax of a key that is accepted and checked but not used yet. */
enum ValueType {
    /** Read by the builder itself. */
    CUSTOM,
    BYTES,
    INT,
    BOOL,
    TEXT;

    /** Checks the syntax only. */
    void check(String v) throws InvalidValueException {
        switch (this) {
            case BYTES -> Values.bytes(v);
            case INT -> Values.integer(v, 0, Integer.MAX_VALUE);
            case BOOL -> Values.bool(v);
            case CUSTOM, TEXT -> {
            }
        }
    }
}
