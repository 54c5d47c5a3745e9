package dev.secaudit.model;

/**
 * The response body of one recorded HTTP exchange as an evidence bundle keeps it beside the
 * transcript: the transcript shows an excerpt (masked, control characters escaped), which no
 * digest can be recomputed from; this holds bytes whose SHA-256 anyone can recompute, and says
 * how they differ from the bytes read when they do.
 *
 * @param artifact the transcript's artifact id
 * @param bytes what the bundle stores
 * @param receivedSize bytes read, as the transcript says
 * @param receivedSha256 SHA-256 of the bytes read, as the transcript says
 * @param stored how {@code bytes} differ from the bytes read (masked, re-encoded), or null when
 *     they are those bytes
 * @param capped why the server's body may hold more than was read, or null
 */
public record ResponseBodyCopy(String artifact, byte[] bytes, long receivedSize,
    String receivedSha256, String stored, String capped) {}
