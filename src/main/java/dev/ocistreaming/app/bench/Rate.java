package dev.ocistreaming.app.bench;

/**
 * Messages done in a measured time, and where known the CPU the server and the client spent on them.
 *
 * @param serverCpuNanos CPU of the server process during the measurement, or -1
 * @param clientCpuNanos CPU of this (client) process during the measurement, or -1
 */
record Rate(long messages, long nanos, long serverCpuNanos, long clientCpuNanos) {

    Rate(long messages, long nanos) {
        this(messages, nanos, -1, -1);
    }

    static Rate since(long messages, long startNanos) {
        return new Rate(messages, System.nanoTime() - startNanos);
    }

    Rate withCpu(long serverCpuNanos, long clientCpuNanos) {
        return new Rate(messages, nanos, serverCpuNanos, clientCpuNanos);
    }

    double perSecond() {
        return nanos == 0 ? 0 : messages * 1e9 / nanos;
    }

    double serverMicrosPerMessage() {
        return serverCpuNanos / 1e3 / messages;
    }

    double clientMicrosPerMessage() {
        return clientCpuNanos / 1e3 / messages;
    }
}
