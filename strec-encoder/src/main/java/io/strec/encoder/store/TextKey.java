package io.strec.encoder.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key of a text: the first 16 bytes of the SHA-256 of its UTF-8 bytes. The two halves are read
 * big-endian so that unsigned comparison of {@code (hi, lo)} is the byte order of the digest as
 * written to disk. 128 bits make a collision among a few billion texts vanishingly unlikely
 * (birthday bound ~2^64). Strings with unpaired surrogates encode with replacement characters and
 * may share a key with each other.
 */
record TextKey(long hi, long lo) implements Comparable<TextKey> {
  static final int BYTES = 16;

  static TextKey of(String text) {
    byte[] digest = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    ByteBuffer b = ByteBuffer.wrap(digest);
    return new TextKey(b.getLong(), b.getLong());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public int compareTo(TextKey o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%016x%016x", hi, lo);
  }
}
