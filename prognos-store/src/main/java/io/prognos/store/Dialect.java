package io.prognos.store;

/** The two databases Prognos runs on; the schema is the same, bulk loading differs. */
public enum Dialect {
    /** Embedded, one file under the data directory: the default. */
    SQLITE,
    /** A server, for fleets and for several Prognos processes sharing one store. */
    POSTGRESQL
}
