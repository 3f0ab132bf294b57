package io.strec.app;

import io.strec.app.store.StoredItem;
import io.strec.model.FactoredModel;
import io.strec.util.Geo;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntRange;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.geo.Rectangle;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene index of a served model's catalogue: per item, its model index, its vector for the
 * candidate stage ({@code [vector_i, bias_i]}, searched by maximum inner product with {@code [user,
 * 1]}: HNSW), its place ({@link LatLonPoint}), its categories and the minutes of the day it is
 * open. It is persisted beside the model and tied to it by a fingerprint and the ids it holds; a
 * mismatch rebuilds it. Items added while serving are added at once and committed.
 */
final class ItemIndex implements Closeable {
  /** Bumped when the fields change; an index of another version is rebuilt. */
  static final String FORMAT = "1";

  private static final String ID = "id";
  private static final String ITEM = "item";
  private static final String VECTOR = "vector";
  private static final String PLACE = "place";
  private static final String CATEGORY = "category";
  private static final String OPEN = "open";
  private static final String KEY_FORMAT = "strec.index.format";
  private static final String KEY_MODEL = "strec.index.model";
  private static final String KEY_COUNT = "strec.index.count";
  private static final String KEY_IDS = "strec.index.ids";
  private static final int HNSW_MAX_CONN = 16;
  private static final int HNSW_BEAM = 100;

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final ExecutorService mergers;
  private final String model;
  private final int dim;
  private final java.util.concurrent.atomic.AtomicInteger refs =
      new java.util.concurrent.atomic.AtomicInteger(1);
  private int count;

  private ItemIndex(
      Directory directory,
      IndexWriter writer,
      ExecutorService mergers,
      String model,
      int dim,
      int count)
      throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.mergers = mergers;
    this.model = model;
    this.dim = dim;
    this.count = count;
    this.searchers = new SearcherManager(writer, null);
  }

  /**
   * Opens the index at {@code dir} when it was built for {@code model} over the same first items as
   * {@code catalogue}, adding the items it lacks; otherwise (re)builds it. {@code log} gets
   * progress lines.
   */
  static ItemIndex open(
      Path dir,
      String model,
      Catalogue catalogue,
      FactoredModel.ItemFactors factors,
      Consumer<String> log)
      throws IOException {
    Files.createDirectories(dir);
    ExecutorService mergers = mergeThreads();
    Directory directory = FSDirectory.open(dir);
    try {
      Optional<Map<String, String>> held = committed(directory);
      boolean reuse = false;
      int count = 0;
      if (held.isPresent()) {
        Map<String, String> data = held.get();
        count = Integer.parseInt(data.getOrDefault(KEY_COUNT, "-1"));
        reuse =
            FORMAT.equals(data.get(KEY_FORMAT))
                && model.equals(data.get(KEY_MODEL))
                && count >= 0
                && count <= catalogue.size()
                && idsHash(catalogue, count).equals(data.get(KEY_IDS));
        if (!reuse) {
          log.accept("item index " + dir + " belongs to another model or catalogue: rebuilding");
        }
      }
      IndexWriterConfig config = config(factors.dim() + 1, mergers);
      config.setOpenMode(
          reuse ? IndexWriterConfig.OpenMode.APPEND : IndexWriterConfig.OpenMode.CREATE);
      IndexWriter writer = new IndexWriter(directory, config);
      ItemIndex index =
          new ItemIndex(directory, writer, mergers, model, factors.dim() + 1, reuse ? count : 0);
      index.add(catalogue, factors, log);
      return index;
    } catch (IOException | RuntimeException | Error e) {
      directory.close();
      mergers.shutdownNow();
      throw e;
    }
  }

  /** An index held in memory only (for tests and throw-away servers). */
  static ItemIndex inMemory(String model, Catalogue catalogue, FactoredModel.ItemFactors factors)
      throws IOException {
    ExecutorService mergers = mergeThreads();
    Directory directory = new ByteBuffersDirectory();
    IndexWriter writer = new IndexWriter(directory, config(factors.dim() + 1, mergers));
    ItemIndex index = new ItemIndex(directory, writer, mergers, model, factors.dim() + 1, 0);
    index.add(catalogue, factors, line -> {});
    return index;
  }

  private static ExecutorService mergeThreads() {
    return Executors.newFixedThreadPool(
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        r -> {
          Thread t = new Thread(r, "strec-index-merge");
          t.setDaemon(true);
          return t;
        });
  }

  private static IndexWriterConfig config(int dim, ExecutorService mergers) {
    IndexWriterConfig c = new IndexWriterConfig();
    int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    KnnVectorsFormat hnsw =
        new Lucene99HnswVectorsFormat(HNSW_MAX_CONN, HNSW_BEAM, workers, mergers);
    c.setCodec(
        new Lucene912Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return hnsw;
          }
        });
    c.setRAMBufferSizeMB(512);
    if (dim > 1024) {
      throw new IllegalArgumentException("item vectors of dimension " + dim + " exceed 1024");
    }
    return c;
  }

  private static Optional<Map<String, String>> committed(Directory directory) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return Optional.empty();
    }
    try (DirectoryReader r = DirectoryReader.open(directory)) {
      return Optional.of(r.getIndexCommit().getUserData());
    }
  }

  /** Adds the items of {@code catalogue} from index {@link #count} on, then commits. */
  synchronized void add(
      Catalogue catalogue, FactoredModel.ItemFactors factors, Consumer<String> log)
      throws IOException {
    int n = catalogue.size();
    if (factors.size() != n || factors.dim() + 1 != dim) {
      throw new IllegalArgumentException(
          factors.size()
              + " item factors of dimension "
              + factors.dim()
              + " for an index of "
              + n
              + " items of dimension "
              + (dim - 1));
    }
    if (count > 0 && !idsHash(catalogue, count).equals(committedIds())) {
      // New items are appended by index: the items already held must be the catalogue's first.
      throw new IllegalStateException(
          "the catalogue's first " + count + " items are not the ones the item index holds");
    }
    if (count == n) {
      return;
    }
    long start = System.nanoTime();
    int from = count;
    for (int i = from; i < n; i++) {
      writer.addDocument(document(i, catalogue, factors));
      if ((i - from + 1) % 100_000 == 0) {
        double s = (System.nanoTime() - start) / 1e9;
        double rate = (i - from + 1) / s;
        log.accept(
            String.format(
                java.util.Locale.ROOT,
                "item index: %,d of %,d items (%.0f/s, %.0f s left)",
                i - from + 1,
                n - from,
                rate,
                (n - i - 1) / rate));
      }
    }
    count = n;
    commit(catalogue);
    if (n - from >= 100_000) {
      log.accept(
          String.format(
              java.util.Locale.ROOT,
              "item index: %,d items in %.1f s",
              n - from,
              (System.nanoTime() - start) / 1e9));
    }
  }

  /** Replaces the indexed fields of item {@code i} (its place, categories or hours changed). */
  synchronized void update(int i, Catalogue catalogue, FactoredModel.ItemFactors factors)
      throws IOException {
    writer.updateDocument(new Term(ID, catalogue.ids().id(i)), document(i, catalogue, factors));
    commit(catalogue);
  }

  private String committedIds() {
    for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
      if (e.getKey().equals(KEY_IDS)) {
        return e.getValue();
      }
    }
    throw new IllegalStateException("the item index has no committed ids");
  }

  private void commit(Catalogue catalogue) throws IOException {
    Map<String, String> data = new HashMap<>();
    data.put(KEY_FORMAT, FORMAT);
    data.put(KEY_MODEL, model);
    data.put(KEY_COUNT, Integer.toString(count));
    data.put(KEY_IDS, idsHash(catalogue, count));
    writer.setLiveCommitData(data.entrySet());
    writer.commit();
    searchers.maybeRefreshBlocking();
  }

  private static Document document(int i, Catalogue catalogue, FactoredModel.ItemFactors f) {
    Document doc = new Document();
    doc.add(new StringField(ID, catalogue.ids().id(i), Field.Store.NO));
    doc.add(new NumericDocValuesField(ITEM, i));
    float[] v = new float[f.dim() + 1];
    System.arraycopy(f.vectors(), i * f.dim(), v, 0, f.dim());
    v[f.dim()] = f.bias()[i];
    doc.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT));
    Optional<StoredItem> stored = catalogue.item(i);
    if (stored.isPresent()) {
      StoredItem it = stored.get();
      if (!Double.isNaN(it.latitude()) && !Double.isNaN(it.longitude())) {
        doc.add(new LatLonPoint(PLACE, it.latitude(), it.longitude()));
      }
      for (String c : it.categories()) {
        doc.add(new StringField(CATEGORY, c, Field.Store.NO));
      }
      catalogue
          .hours(i)
          .ifPresent(
              h -> {
                for (int[] r : h.openMinutes()) {
                  doc.add(new IntRange(OPEN, new int[] {r[0]}, new int[] {r[1]}));
                }
              });
    }
    return doc;
  }

  private static String idsHash(Catalogue catalogue, int count) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < count; i++) {
        sha.update(catalogue.ids().id(i).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The model this index was built for (its fingerprint). */
  String model() {
    return model;
  }

  /** Number of items indexed. */
  synchronized int size() {
    return count;
  }

  /**
   * The hard filters that the index can answer, as one query: place within a radius, one of the
   * categories, open at a minute of the day. Empty when none is asked for. The radius is asked as
   * the {@linkplain #box box} around it: the caller keeps only the items of the disc ({@link
   * Catalogue#within}).
   */
  static Optional<Query> filter(Filters f, double lat, double lon, int openMinute) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    int clauses = 0;
    if (f.radiusKm().isPresent()) {
      b.add(box(lat, lon, f.radiusKm().getAsDouble()), BooleanClause.Occur.FILTER);
      clauses++;
    }
    if (!f.categories().isEmpty()) {
      List<BytesRef> terms = new ArrayList<>();
      f.categories().forEach(c -> terms.add(new BytesRef(c)));
      b.add(
          terms.size() == 1
              ? new TermQuery(new Term(CATEGORY, terms.get(0)))
              : new TermInSetQuery(CATEGORY, terms),
          BooleanClause.Occur.FILTER);
      clauses++;
    }
    if (f.openAt().isPresent()) {
      b.add(
          IntRange.newIntersectsQuery(OPEN, new int[] {openMinute}, new int[] {openMinute}),
          BooleanClause.Occur.FILTER);
      clauses++;
    }
    return clauses == 0 ? Optional.empty() : Optional.of(b.build());
  }

  /**
   * The items in the smallest latitude/longitude box that holds every place within {@code km} of a
   * place ({@link Geo#haversineKm}), and a little more (0.1 % and a metre for the rounding of
   * encoded points and Lucene's slightly larger Earth). A box, not Lucene's distance query: that
   * one builds a grid of distance tests for every query, which cost a quarter of a filtered
   * request's time at a million items (profiled 2026-12), while a box is two integer comparisons
   * per point. The few items of the box's corners are left for the caller's exact test ({@link
   * Disc}).
   */
  static Query box(double lat, double lon, double km) {
    // Lucene's own limit: a radius beyond half the Earth's circumference covers everything.
    double metres = Math.min(km * 1000.0 * 1.001 + 1, 20_037_000.0);
    Rectangle r = Rectangle.fromPointDistance(lat, lon, metres);
    return LatLonPoint.newBoxQuery(PLACE, r.minLat, r.maxLat, r.minLon, r.maxLon);
  }

  /** Both queries. */
  static Query and(Query a, Query b) {
    return new BooleanQuery.Builder()
        .add(a, BooleanClause.Occur.FILTER)
        .add(b, BooleanClause.Occur.FILTER)
        .build();
  }

  /** {@code q} without the items of the {@linkplain #box box} of {@code km} around a place. */
  static Query withoutBox(Query q, double lat, double lon, double km) {
    return new BooleanQuery.Builder()
        .add(q, BooleanClause.Occur.FILTER)
        .add(box(lat, lon, km), BooleanClause.Occur.MUST_NOT)
        .build();
  }

  /** {@code q} restricted to the items with these ids. */
  static Query among(Optional<Query> q, List<String> ids) {
    List<BytesRef> terms = ids.stream().map(BytesRef::new).toList();
    Query in = new TermInSetQuery(ID, terms);
    if (q.isEmpty()) {
      return in;
    }
    return new BooleanQuery.Builder()
        .add(q.get(), BooleanClause.Occur.FILTER)
        .add(in, BooleanClause.Occur.FILTER)
        .build();
  }

  /** Number of items matching {@code q}. */
  int count(Optional<Query> q) throws IOException {
    IndexSearcher s = searchers.acquire();
    try {
      return s.count(q.orElseGet(MatchAllDocsQuery::new));
    } finally {
      searchers.release(s);
    }
  }

  /** The model indices of every item matching {@code q}, in index order. */
  int[] collect(Query q) throws IOException {
    return collectAtMost(q, Integer.MAX_VALUE - 8).orElseThrow();
  }

  /**
   * The model indices of every item matching {@code q}, in index order, when there are at most
   * {@code limit}; empty when there are more (the search stops at the first one beyond). One pass
   * where counting and then collecting would search twice.
   */
  Optional<int[]> collectAtMost(Query q, int limit) throws IOException {
    IndexSearcher s = searchers.acquire();
    try {
      Weight w = s.createWeight(s.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
      int[] out = new int[64];
      int n = 0;
      for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
        Scorer sc = w.scorer(leaf);
        if (sc == null) {
          continue;
        }
        NumericDocValues items = leaf.reader().getNumericDocValues(ITEM);
        DocIdSetIterator it = sc.iterator();
        var live = leaf.reader().getLiveDocs();
        for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
          if (live != null && !live.get(d)) {
            continue;
          }
          if (n == limit) {
            return Optional.empty();
          }
          if (n == out.length) {
            out = java.util.Arrays.copyOf(out, n * 2);
          }
          out[n++] = item(items, d);
        }
      }
      return Optional.of(java.util.Arrays.copyOf(out, n));
    } finally {
      searchers.release(s);
    }
  }

  /**
   * The approximate {@code n} best items by {@code user . vector_i + bias_i} among those matching
   * {@code filter} (HNSW; Lucene switches to an exact scan when the filter is selective).
   */
  int[] nearest(float[] user, int n, Optional<Query> filter) throws IOException {
    if (user.length + 1 != dim) {
      throw new IllegalArgumentException(
          "query vector of " + user.length + " for item vectors of " + (dim - 1));
    }
    float[] q = java.util.Arrays.copyOf(user, dim);
    q[dim - 1] = 1f;
    IndexSearcher s = searchers.acquire();
    try {
      TopDocs top = s.search(new KnnFloatVectorQuery(VECTOR, q, n, filter.orElse(null)), n);
      List<LeafReaderContext> leaves = s.getIndexReader().leaves();
      int[] out = new int[top.scoreDocs.length];
      for (int r = 0; r < out.length; r++) {
        ScoreDoc sd = top.scoreDocs[r];
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
        out[r] = item(leaf.reader().getNumericDocValues(ITEM), sd.doc - leaf.docBase);
      }
      return out;
    } finally {
      searchers.release(s);
    }
  }

  private static int item(NumericDocValues items, int doc) throws IOException {
    if (items == null || !items.advanceExact(doc)) {
      throw new IllegalStateException("indexed document " + doc + " has no item index");
    }
    return (int) items.longValue();
  }

  /** One more holder of this index; each calls {@link #release} once. */
  ItemIndex retain() {
    if (refs.getAndIncrement() <= 0) {
      throw new IllegalStateException("the item index is already closed");
    }
    return this;
  }

  /** Drops a holder's reference; the last one closes the index. */
  void release() {
    if (refs.decrementAndGet() == 0) {
      close();
    }
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the item index", e);
    } finally {
      mergers.shutdownNow();
    }
  }
}
