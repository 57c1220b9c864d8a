package dev.ocistreaming.local.http;

/**
 * Answers one complete request. Runs on a worker thread, never on an event loop, so it may read and write files
 * and wait for fsync.
 */
@FunctionalInterface
public interface HttpService {
    Response serve(Request request);
}
