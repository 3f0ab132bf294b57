package io.strec.stm.artifact;

import io.strec.model.artifact.ModelDirectory;
import io.strec.model.artifact.ModelFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of a model directory's {@code items.tsv}: per line the id, training count,
 * latitude, longitude and label of one item, in index order. Read line by line into primitive
 * arrays (a million items' file is 55 MB; read whole into boxed lists it made hundreds of MB of
 * garbage while a server started).
 */
record ItemsFile(List<String> ids, int[] counts, double[] lat, double[] lon, List<String> titles) {
  static final String FILE = "items.tsv";

  /**
   * Reads {@code dir}'s {@code items.tsv}.
   *
   * @param catalogue the ids of {@code catalogue.txt} (format 2), which each line's id must match
   *     and which are then the ids; or empty to take the ids of {@code items.tsv} (format 1)
   * @throws ModelFormatException naming the line, field and value of a line that is not an item, or
   *     the first item on which the two files disagree
   */
  static ItemsFile read(Path dir, Optional<List<String>> catalogue) throws IOException {
    List<String> ids = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    int[] counts = new int[1024];
    double[] lat = new double[1024];
    double[] lon = new double[1024];
    List<String> listed = catalogue.orElse(null);
    int n = 0;
    try (BufferedReader in = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      int[] tabs = new int[4];
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int lineNo = n + 1;
        int found = 0;
        for (int at = line.indexOf('\t'); at >= 0; at = line.indexOf('\t', at + 1)) {
          if (found == 4) {
            found++;
            break;
          }
          tabs[found++] = at;
        }
        if (found != 4) {
          throw new ModelFormatException(
              dir,
              FILE
                  + " line "
                  + lineNo
                  + ": expected 5 tab-separated fields (id, count, latitude, longitude, label),"
                  + " got "
                  + (found > 4 ? "more" : String.valueOf(found + 1))
                  + " in '"
                  + line
                  + "'");
        }
        if (n == counts.length) {
          counts = Arrays.copyOf(counts, 2 * n);
          lat = Arrays.copyOf(lat, 2 * n);
          lon = Arrays.copyOf(lon, 2 * n);
        }
        String id = line.substring(0, tabs[0]);
        if (listed == null) {
          ids.add(id);
        } else if (n >= listed.size() || !StmFiles.clean(listed.get(n)).equals(id)) {
          throw new ModelFormatException(
              dir,
              n >= listed.size()
                  ? ModelDirectory.CATALOGUE_FILE
                      + " lists "
                      + listed.size()
                      + " items, "
                      + FILE
                      + " more"
                  : "item "
                      + n
                      + " is '"
                      + listed.get(n)
                      + "' in "
                      + ModelDirectory.CATALOGUE_FILE
                      + " but '"
                      + id
                      + "' in "
                      + FILE);
        }
        String field = "count";
        String value = line.substring(tabs[0] + 1, tabs[1]);
        try {
          counts[n] = Integer.parseInt(value);
          field = "latitude";
          value = line.substring(tabs[1] + 1, tabs[2]);
          lat[n] = Double.parseDouble(value);
          field = "longitude";
          value = line.substring(tabs[2] + 1, tabs[3]);
          lon[n] = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new ModelFormatException(
              dir, FILE + " line " + lineNo + ": " + field + " '" + value + "' is not a number", e);
        }
        titles.add(line.substring(tabs[3] + 1));
        n++;
      }
    }
    if (listed != null && listed.size() != n) {
      throw new ModelFormatException(
          dir,
          ModelDirectory.CATALOGUE_FILE + " lists " + listed.size() + " items, " + FILE + " " + n);
    }
    return new ItemsFile(
        listed == null ? ids : listed,
        Arrays.copyOf(counts, n),
        Arrays.copyOf(lat, n),
        Arrays.copyOf(lon, n),
        titles);
  }
}
