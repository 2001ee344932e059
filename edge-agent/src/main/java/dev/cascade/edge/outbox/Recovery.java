package dev.cascade.edge.outbox;

/** What opening a lane found on disk. Not thread-safe (filled by one lane while it opens). */
final class Recovery {
    long tornTails;
    long corruptRegions;
    long corruptBytes;
    boolean cursorLost;
}
