package dev.secaudit.claim;

/** A topic named by the words from {@code start} to {@code end} (exclusive) of a sentence. */
record TopicHit(Topic topic, int start, int end, boolean violation) {}
