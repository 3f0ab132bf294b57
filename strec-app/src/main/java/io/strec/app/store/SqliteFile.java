package io.strec.app.store;

import io.strec.util.Closing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.sqlite.SQLiteConfig;

/**
 * The store's SQLite file: one write connection behind a lock, and a small pool of read-only
 * connections.
 *
 * <p>SQLite admits one writer at a time, so in-process writers queue on {@link #writeLock} rather
 * than spinning on SQLITE_BUSY; WAL mode lets the readers run alongside the writer, each statement
 * seeing the last committed state. Every operation holds the read side of {@link #lifecycle}, so
 * {@link #close()} waits for those in flight and later ones fail with a clear message.
 */
final class SqliteFile implements AutoCloseable {
  /** How long a connection waits for another process's lock (a CLI next to the server). */
  static final int BUSY_TIMEOUT_MS = 10_000;

  private final Path file;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final List<Connection> readers;
  private final BlockingQueue<Connection> idleReaders;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed; // guarded by lifecycle

  private SqliteFile(Path file, Connection writer, List<Connection> readers) {
    this.file = file;
    this.writer = writer;
    this.readers = List.copyOf(readers);
    this.idleReaders = new ArrayBlockingQueue<>(readers.size(), false, readers);
  }

  /**
   * Opens the file in WAL mode, runs {@code initialize} in a write transaction (before any reader
   * exists, so they open an initialised file), then opens {@code readerCount} readers.
   */
  static SqliteFile open(Path file, StoreOptions options, int readerCount, Sql.Work<?> initialize) {
    createParentDirectories(file);
    List<Connection> opened = new ArrayList<>();
    try {
      Connection writer = connect(file, writerConfig(options));
      opened.add(writer);
      String journalMode = Sql.queryString(writer, "PRAGMA journal_mode");
      if (!"wal".equalsIgnoreCase(journalMode)) {
        throw new StoreException(
            file,
            "SQLite would not switch to WAL journal mode (it stays in "
                + journalMode
                + "); a network file system cannot hold the store");
      }
      // Forgetting a user overwrites the freed pages instead of leaving the data in free space.
      Sql.execute(writer, "PRAGMA secure_delete = ON");
      inTransaction(writer, initialize);
      List<Connection> readers = new ArrayList<>();
      for (int i = 0; i < readerCount; i++) {
        Connection reader = connect(file, readerConfig());
        opened.add(reader);
        readers.add(reader);
      }
      return new SqliteFile(file, writer, readers);
    } catch (SQLException e) {
      StoreException failure = new StoreException(file, "opening the event store", e);
      Closing.closeOnFailure(failure, opened);
      throw failure;
    } catch (RuntimeException | Error e) {
      Closing.closeOnFailure(e, opened);
      throw e;
    }
  }

  Path file() {
    return file;
  }

  /** Runs {@code work} on a read-only connection, in autocommit mode (one snapshot a statement). */
  <T> T read(String operation, Sql.Work<T> work) {
    lifecycle.readLock().lock();
    try {
      requireOpen(operation);
      Connection reader = borrowReader(operation);
      try {
        return work.run(reader);
      } finally {
        idleReaders.add(reader);
      }
    } catch (SQLException e) {
      throw new StoreException(file, operation, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Runs {@code work} in one write transaction, committed before this returns; on any exception it
   * rolls back and rethrows (an SQLException as a {@link StoreException}).
   */
  <T> T write(String operation, Sql.Work<T> work) {
    return withWriter(operation, connection -> inTransaction(connection, work));
  }

  /** Runs {@code work} on the write connection without a transaction (for pragmas). */
  <T> T withWriter(String operation, Sql.Work<T> work) {
    lifecycle.readLock().lock();
    try {
      requireOpen(operation);
      writeLock.lock();
      try {
        return work.run(writer);
      } finally {
        writeLock.unlock();
      }
    } catch (SQLException e) {
      throw new StoreException(file, operation, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Waits for operations in flight, then closes every connection; later calls do nothing. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      // The writer closes last: the last connection to close checkpoints and removes the WAL,
      // which a read-only connection cannot do.
      List<Connection> all = new ArrayList<>(readers);
      all.add(writer);
      StoreException failure = new StoreException(file, "closing the event store failed");
      Closing.closeOnFailure(failure, all);
      if (failure.getSuppressed().length > 0) {
        throw failure;
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  // BEGIN IMMEDIATE takes the write lock up front: a deferred transaction that reads first and
  // writes later can fail with SQLITE_BUSY_SNAPSHOT when another process wrote in between, which
  // busy_timeout does not retry. The connection stays in JDBC autocommit mode because the driver
  // would otherwise open the next transaction eagerly after each commit and hold the lock.
  private static <T> T inTransaction(Connection connection, Sql.Work<T> work) throws SQLException {
    Sql.execute(connection, "BEGIN IMMEDIATE");
    T result;
    try {
      result = work.run(connection);
    } catch (SQLException | RuntimeException | Error e) {
      rollback(connection, e);
      throw e;
    }
    try {
      Sql.execute(connection, "COMMIT");
    } catch (SQLException e) {
      rollback(connection, e);
      throw e;
    }
    return result;
  }

  private static void rollback(Connection connection, Throwable failure) {
    try {
      Sql.execute(connection, "ROLLBACK");
    } catch (SQLException e) {
      // SQLite rolls back by itself after some errors (disk full, I/O); then there is nothing
      // left to roll back and this error only adds detail to the one being thrown.
      failure.addSuppressed(e);
    }
  }

  private void requireOpen(String operation) {
    if (closed) {
      throw new StoreException(file, operation + ": the event store is closed");
    }
  }

  private Connection borrowReader(String operation) {
    try {
      return idleReaders.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(file, operation + " (waiting for a read connection)", e);
    }
  }

  private static SQLiteConfig writerConfig(StoreOptions options) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(
        switch (options.synchronous()) {
          case FULL -> SQLiteConfig.SynchronousMode.FULL;
          case NORMAL -> SQLiteConfig.SynchronousMode.NORMAL;
        });
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    return config;
  }

  private static SQLiteConfig readerConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    return config;
  }

  private static Connection connect(Path file, SQLiteConfig config) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
  }

  private static void createParentDirectories(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StoreException(file, "creating the directory " + parent, e);
    }
  }
}
