package io.strec.app.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The durable store of {@code strec serve}: events, items and remembered requests in one SQLite
 * file in WAL mode.
 *
 * <p>Every write is one transaction, committed before the method returns, with the durability of
 * {@link StoreOptions#synchronous()}. All methods are safe to call from many threads: writes take
 * turns on one connection, reads use a pool of read-only connections and see every write that has
 * returned. Memory does not grow with the number of events; only {@link #items()} loads a whole
 * table.
 */
public final class EventStore implements AutoCloseable {
  public static final int SCHEMA_VERSION = 1;

  /** Enough readers for an HTTP server's bursts; SQLite reads are short. */
  private static final int READERS = Math.max(2, Math.min(8, availableProcessors()));

  /** Events per read in {@link #forEachEvent}: bounds memory, amortises the query. */
  static final int EVENT_CHUNK = 4096;

  private final SqliteFile sqlite;
  private final StoreOptions options;

  private EventStore(SqliteFile sqlite, StoreOptions options) {
    this.sqlite = sqlite;
    this.options = options;
  }

  /**
   * Opens or creates the store, creating parent directories. Refuses a file that is not a store or
   * whose schema version differs from {@link #SCHEMA_VERSION}; the message names the file and both
   * versions.
   */
  public static EventStore open(Path file, StoreOptions options) throws StoreException {
    Checks.requireNonNull(file, "file");
    Checks.requireNonNull(options, "options");
    Path absolute = file.toAbsolutePath().normalize();
    SqliteFile sqlite =
        SqliteFile.open(
            absolute,
            options,
            READERS,
            connection -> {
              Schema.createOrCheck(connection, absolute);
              return null;
            });
    return new EventStore(sqlite, options);
  }

  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  /** The store's file, as an absolute path. */
  public Path file() {
    return sqlite.file();
  }

  public StoreOptions options() {
    return options;
  }

  /** SQLite's journal mode for the file, read back from the database: "wal". */
  public String journalMode() {
    return sqlite.withWriter(
        "reading journal_mode", c -> Sql.queryString(c, "PRAGMA journal_mode"));
  }

  /** The synchronous level the write connection runs with, read back from the database. */
  public StoreOptions.Synchronous synchronous() {
    String level =
        sqlite.withWriter("reading synchronous", c -> Sql.queryString(c, "PRAGMA synchronous"));
    return switch (level) {
      case "1" -> StoreOptions.Synchronous.NORMAL;
      case "2" -> StoreOptions.Synchronous.FULL;
      default -> throw new StoreException(file(), "unexpected PRAGMA synchronous " + level);
    };
  }

  // ---------------------------------------------------------------- events

  /**
   * Appends a batch in one transaction, durable before this returns; all of it or none of it.
   *
   * <p>With an {@code idempotencyKey} seen before with the same {@code requestHash}, nothing is
   * written and the original result comes back with {@code replayed} set; with a different hash it
   * throws {@link IdempotencyConflictException} (index -1). An event whose event id is stored
   * already counts as a duplicate when its content (coordinates after coarsening) is the same, and
   * is a conflict (at its index) when it is not.
   *
   * @param requestHash identifies the request body for the Idempotency-Key check
   * @throws IdempotencyConflictException nothing of the batch was written
   */
  public AppendResult append(
      List<NewEvent> events, Optional<String> idempotencyKey, String requestHash)
      throws StoreException {
    Checks.requireNonNull(events, "events");
    for (int i = 0; i < events.size(); i++) {
      Checks.requireNonNull(events.get(i), "events[" + i + "]");
    }
    Checks.requireNonNull(idempotencyKey, "idempotencyKey");
    idempotencyKey.ifPresent(key -> Checks.requireText(key, "idempotencyKey"));
    Checks.requireNonNull(requestHash, "requestHash");
    List<NewEvent> batch = List.copyOf(events);
    return sqlite.write(
        "appending " + batch.size() + " events",
        c -> BatchAppend.run(c, batch, idempotencyKey, requestHash, options));
  }

  /** The user's last {@code limit} events, oldest first (by time, then seq); empty if unknown. */
  public List<StoredEvent> recentEvents(String user, int limit) {
    Checks.requireNonNull(user, "user");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0: " + limit);
    }
    return sqlite.read("reading recent events", c -> EventRows.recent(c, user, limit));
  }

  /**
   * The distinct items the user has events on, in the order of their first event (by time, then
   * id); empty for an unknown user. Memory grows with the user's items, not with the store.
   */
  public List<String> itemsOf(String user) {
    Checks.requireNonNull(user, "user");
    return sqlite.read("reading the items of a user", c -> EventRows.itemsOf(c, user));
  }

  public long eventCount() {
    return sqlite.read("counting events", EventRows::count);
  }

  public long eventCount(String user) {
    Checks.requireNonNull(user, "user");
    return sqlite.read("counting events", c -> EventRows.count(c, user));
  }

  /**
   * Hands every event that exists when the call starts to {@code sink}, in seq order, reading
   * {@value #EVENT_CHUNK} at a time. No connection or lock is held while {@code sink} runs, so a
   * slow consumer (training) does not hold up the server; events forgotten meanwhile are skipped if
   * not yet read.
   */
  public void forEachEvent(Consumer<StoredEvent> sink) {
    Checks.requireNonNull(sink, "sink");
    long maxSeq = sqlite.read("reading events", EventRows::maxSeq);
    long afterSeq = 0;
    while (true) {
      long from = afterSeq;
      List<StoredEvent> chunk =
          sqlite.read("reading events", c -> EventRows.chunk(c, from, maxSeq, EVENT_CHUNK));
      chunk.forEach(sink);
      if (chunk.size() < EVENT_CHUNK) {
        return;
      }
      afterSeq = chunk.get(chunk.size() - 1).seq();
    }
  }

  /**
   * Loads events in one transaction per {@code batchSize}, without idempotency; an event id that is
   * stored already fails its batch (earlier batches stay). Returns how many were stored.
   */
  public long seedEvents(Iterator<NewEvent> events, int batchSize) {
    return seed(
        "seeding events",
        events,
        batchSize,
        (c, batch) -> {
          try (var insert = c.prepareStatement(EventRows.INSERT)) {
            for (NewEvent event : batch) {
              EventRows.bind(insert, event.coarsened(options));
              insert.addBatch();
            }
            insert.executeBatch();
          }
        });
  }

  // ---------------------------------------------------------------- items

  /** Inserts the item or replaces every field of the stored one; the version counts up. */
  public void putItem(StoredItem item) {
    Checks.requireNonNull(item, "item");
    sqlite.write(
        "putting item " + item.id(),
        c -> {
          try (var upsert = c.prepareStatement(ItemRows.UPSERT)) {
            ItemRows.bindUpsert(upsert, item);
            return upsert.executeUpdate();
          }
        });
  }

  public Optional<StoredItem> item(String id) {
    Checks.requireNonNull(id, "id");
    return sqlite.read("reading item " + id, c -> ItemRows.find(c, id));
  }

  /** Some user with stored events (the one of the first stored event), for examples. */
  public Optional<String> anyUser() {
    return sqlite.read(
        "reading a user",
        c -> {
          try (var st = c.prepareStatement("SELECT user_id FROM events ORDER BY seq LIMIT 1");
              var rs = st.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
          }
        });
  }

  /**
   * The first item by id that has a place, read alone (a banner's example must not read a million
   * items); empty when no item has one.
   */
  public Optional<StoredItem> firstPlacedItem() {
    return sqlite.read("reading an item with a place", ItemRows::firstPlaced);
  }

  /**
   * Up to {@code limit} items whose ids sort after {@code afterId} (SQLite's binary order; "" for
   * the first page), ordered by id: a page of the catalogue through the primary key, so paging
   * through it costs one index seek per page.
   */
  public List<StoredItem> itemsAfter(String afterId, int limit) {
    Checks.requireNonNull(afterId, "afterId");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0: " + limit);
    }
    return sqlite.read("reading a page of items", c -> ItemRows.page(c, afterId, limit));
  }

  /**
   * Up to {@code limit} users whose ids start with {@code prefix} ("" for any), ordered by id, with
   * their event counts. Costs one index seek per user returned plus the counting of their events.
   */
  public List<UserSummary> usersWithPrefix(String prefix, int limit) {
    Checks.requireNonNull(prefix, "prefix");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0: " + limit);
    }
    return sqlite.read("searching users", c -> UserRows.withPrefix(c, prefix, limit));
  }

  /** Every item, ordered by id. */
  public List<StoredItem> items() {
    return sqlite.read("reading items", ItemRows::all);
  }

  /**
   * Every item, ordered by id, without brand and description ({@link
   * StoredItem#withoutText(String)}): what a served catalogue keeps in memory.
   */
  public List<StoredItem> itemsWithoutText() {
    return sqlite.read("reading items", ItemRows::allWithoutText);
  }

  /**
   * Sets the given fields (an empty argument leaves its field as it is) and counts the version up.
   * Returns the item as stored now, or empty when there is no such item.
   *
   * @param expiresAtEpochSecond empty to leave the expiry; an empty {@code OptionalLong} inside to
   *     clear it (the item never expires)
   */
  public Optional<StoredItem> patchItem(
      String id, Optional<Boolean> hidden, Optional<OptionalLong> expiresAtEpochSecond) {
    Checks.requireNonNull(id, "id");
    Checks.requireNonNull(hidden, "hidden");
    Checks.requireNonNull(expiresAtEpochSecond, "expiresAtEpochSecond");
    return sqlite.write(
        "patching item " + id,
        c -> {
          Optional<StoredItem> current = ItemRows.find(c, id);
          if (current.isEmpty() || (hidden.isEmpty() && expiresAtEpochSecond.isEmpty())) {
            return current;
          }
          StoredItem old = current.get();
          StoredItem patched =
              old.withState(
                  hidden.orElse(old.hidden()),
                  expiresAtEpochSecond.orElse(old.expiresAtEpochSecond()),
                  old.version() + 1);
          ItemRows.updateState(c, patched);
          return Optional.of(patched);
        });
  }

  /** Deletes the item; false when there was none. Its version is forgotten with it. */
  public boolean deleteItem(String id) {
    Checks.requireNonNull(id, "id");
    return sqlite.write("deleting item " + id, c -> ItemRows.delete(c, id));
  }

  /** Puts items in one transaction per {@code batchSize}; returns how many were put. */
  public long seedItems(Iterator<StoredItem> items, int batchSize) {
    return seed(
        "seeding items",
        items,
        batchSize,
        (c, batch) -> {
          try (var upsert = c.prepareStatement(ItemRows.UPSERT)) {
            for (StoredItem item : batch) {
              ItemRows.bindUpsert(upsert, item);
              upsert.addBatch();
            }
            upsert.executeBatch();
          }
        });
  }

  // ---------------------------------------------------------------- privacy

  /**
   * Deletes the user's events and every remembered request whose batch held an event of the user,
   * in one transaction. Events of other users from such a batch stay.
   */
  public ForgetResult forgetUser(String user) {
    Checks.requireText(user, "user");
    return sqlite.write(
        "forgetting a user",
        c -> {
          long records = IdempotencyRecords.forgetUser(c, user);
          long events = EventRows.deleteUser(c, user);
          return new ForgetResult(events, records);
        });
  }

  /**
   * Forgets the idempotency records created before {@code epochSecond} (a retry with one of their
   * keys is then stored as a new batch; events with an {@code event_id} stay deduplicated); returns
   * how many were deleted.
   */
  public long pruneIdempotency(long epochSecond) {
    return sqlite.write(
        "pruning idempotency records", c -> IdempotencyRecords.pruneBefore(c, epochSecond));
  }

  /** Waits for operations in flight and closes the file; later calls fail. Idempotent. */
  @Override
  public void close() {
    sqlite.close();
  }

  // ---------------------------------------------------------------- seeding

  @FunctionalInterface
  private interface BatchWriter<T> {
    void write(Connection connection, List<T> batch) throws SQLException;
  }

  // Reads a batch from the iterator before taking the write lock, so slow parsing upstream does
  // not block the server's appends.
  private <T> long seed(String operation, Iterator<T> source, int batchSize, BatchWriter<T> out) {
    Checks.requireNonNull(source, "source");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    long count = 0;
    List<T> batch = new ArrayList<>(Math.min(batchSize, 65_536));
    while (source.hasNext()) {
      batch.clear();
      while (batch.size() < batchSize && source.hasNext()) {
        T next = source.next();
        if (next == null) {
          throw new IllegalArgumentException(
              "seeded element " + (count + batch.size()) + " is null");
        }
        batch.add(next);
      }
      long before = count;
      sqlite.write(
          operation + " " + (before + 1) + ".." + (before + batch.size()),
          c -> {
            out.write(c, batch);
            return null;
          });
      count += batch.size();
    }
    return count;
  }

  private static int availableProcessors() {
    return Runtime.getRuntime().availableProcessors();
  }
}
