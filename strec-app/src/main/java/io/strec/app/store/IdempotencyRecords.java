package io.strec.app.store;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * SQL over the remembered requests: {@code idempotency} holds each key's request hash and result,
 * {@code idempotency_users} links a key to every user its batch touched, so forgetting a user can
 * find them.
 */
final class IdempotencyRecords {
  private IdempotencyRecords() {}

  /** A remembered request. */
  record Seen(String requestHash, AppendResult result) {}

  static Optional<Seen> find(Connection connection, String key) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT request_hash, stored, duplicates, seqs FROM idempotency"
                + " WHERE idempotency_key = ?")) {
      query.setString(1, key);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        AppendResult result =
            new AppendResult(
                rows.getInt("stored"),
                rows.getInt("duplicates"),
                false,
                decodeSeqs(rows.getBytes("seqs")));
        return Optional.of(new Seen(rows.getString("request_hash"), result));
      }
    }
  }

  static void remember(
      Connection connection,
      String key,
      String requestHash,
      AppendResult result,
      Collection<String> users)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO idempotency (idempotency_key, request_hash, stored, duplicates, seqs,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, key);
      insert.setString(2, requestHash);
      insert.setInt(3, result.stored());
      insert.setInt(4, result.duplicates());
      insert.setBytes(5, encodeSeqs(result.seqs()));
      // Kept so that old records can be pruned by age later without a schema change.
      insert.setLong(6, Instant.now().getEpochSecond());
      insert.executeUpdate();
    }
    try (PreparedStatement link =
        connection.prepareStatement(
            "INSERT INTO idempotency_users (user_id, idempotency_key) VALUES (?, ?)")) {
      for (String user : users) {
        link.setString(1, user);
        link.setString(2, key);
        link.addBatch();
      }
      link.executeBatch();
    }
  }

  /**
   * Deletes every record whose batch touched {@code user}, with all its links; returns how many.
   */
  static long forgetUser(Connection connection, String user) throws SQLException {
    String keysOfUser = "SELECT idempotency_key FROM idempotency_users WHERE user_id = ?";
    long records;
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM idempotency WHERE idempotency_key IN (" + keysOfUser + ")")) {
      delete.setString(1, user);
      records = delete.executeUpdate();
    }
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM idempotency_users WHERE idempotency_key IN (" + keysOfUser + ")")) {
      delete.setString(1, user);
      delete.executeUpdate();
    }
    return records;
  }

  /** Deletes the records created before {@code epochSecond}, with their links; returns how many. */
  static long pruneBefore(Connection connection, long epochSecond) throws SQLException {
    try (PreparedStatement links =
        connection.prepareStatement(
            "DELETE FROM idempotency_users WHERE idempotency_key IN (SELECT idempotency_key"
                + " FROM idempotency WHERE created_at < ?)")) {
      links.setLong(1, epochSecond);
      links.executeUpdate();
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM idempotency WHERE created_at < ?")) {
      delete.setLong(1, epochSecond);
      return delete.executeUpdate();
    }
  }

  private static byte[] encodeSeqs(List<Long> seqs) {
    ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES * seqs.size());
    for (long seq : seqs) {
      buffer.putLong(seq);
    }
    return buffer.array();
  }

  private static List<Long> decodeSeqs(byte[] bytes) throws SQLException {
    if (bytes == null) {
      // The column is NOT NULL; the driver reads a zero-length blob (an empty batch) as null.
      return List.of();
    }
    if (bytes.length % Long.BYTES != 0) {
      throw new SQLException(
          "idempotency seqs must be whole 8-byte values, got " + bytes.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    List<Long> seqs = new ArrayList<>(bytes.length / Long.BYTES);
    while (buffer.hasRemaining()) {
      seqs.add(buffer.getLong());
    }
    return seqs;
  }
}
