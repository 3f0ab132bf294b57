package io.strec.spark.ingest;

import io.strec.data.DataSource;
import io.strec.data.io.ColumnMapping;
import io.strec.data.io.DatasetSpec;
import io.strec.data.io.ItemColumnMapping;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset as the command line names it, small enough to ship to executors, which open the same
 * source from it (its files must be readable there under the same paths: a local run or a shared
 * file system).
 *
 * @param dataset {@code KIND:PATH}, e.g. {@code foursquare:/data/checkins.tsv.gz}
 * @param columns column mapping for csv / tsv / jsonl ({@link ColumnMapping#parse}), "" for the
 *     defaults
 * @param items item metadata file for csv / tsv / jsonl, "" for none
 * @param itemColumns column mapping of {@code items} ({@link ItemColumnMapping#parse}), "" for the
 *     defaults
 */
public record SourceRef(String dataset, String columns, String items, String itemColumns)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  public SourceRef {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(itemColumns, "itemColumns");
    DatasetSpec.parse(dataset);
    ColumnMapping.parse(columns);
    ItemColumnMapping.parse(itemColumns);
  }

  /** A dataset with the default column mapping and no separate items file. */
  public static SourceRef of(String dataset) {
    return new SourceRef(dataset, "", "", "");
  }

  /** Opens the source, as {@code strec import} does. */
  public DataSource open() throws IOException {
    return DatasetSpec.parse(dataset)
        .open(
            ColumnMapping.parse(columns),
            items.isEmpty() ? Optional.empty() : Optional.of(Path.of(items)),
            ItemColumnMapping.parse(itemColumns));
  }
}
