package io.strec.data;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalInt;

/**
 * An immutable bijection between external string ids and dense indices {@code 0..size-1}.
 *
 * <p>It also fixes the canonical id order used to break score ties: numeric when every id is an
 * integer, plain string order otherwise ({@link #tieOrder(int)}).
 */
public final class Vocabulary {
  private final String[] ids;
  private final Map<String, Integer> index;
  private final int[] tieOrder;
  private final boolean numeric;

  private Vocabulary(String[] ids) {
    this.ids = ids;
    this.index = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].isEmpty()) {
        throw new IllegalArgumentException("empty id at index " + i);
      }
      if (index.put(ids[i], i) != null) {
        throw new IllegalArgumentException("duplicate id in vocabulary: '" + ids[i] + "'");
      }
    }
    this.numeric = Arrays.stream(ids).allMatch(Vocabulary::isInteger);
    Comparator<String> order =
        numeric ? Comparator.comparing(BigInteger::new) : Comparator.naturalOrder();
    Integer[] sorted = new Integer[ids.length];
    for (int i = 0; i < ids.length; i++) {
      sorted[i] = i;
    }
    Arrays.sort(sorted, (a, b) -> order.compare(ids[a], ids[b]));
    this.tieOrder = new int[ids.length];
    for (int r = 0; r < sorted.length; r++) {
      tieOrder[sorted[r]] = r;
    }
  }

  /** Whether this vocabulary holds exactly {@code list}, in that order. */
  public boolean hasIds(List<String> list) {
    if (list.size() != ids.length) {
      return false;
    }
    for (int i = 0; i < ids.length; i++) {
      if (!ids[i].equals(list.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** A vocabulary with ids in the given order (index i = position i); ids must be distinct. */
  public static Vocabulary of(Collection<String> ids) {
    return new Vocabulary(ids.toArray(new String[0]));
  }

  /** A vocabulary of the distinct ids in first-seen order. */
  public static Vocabulary ofDistinct(Iterable<String> ids) {
    var seen = new java.util.LinkedHashSet<String>();
    ids.forEach(seen::add);
    return of(seen);
  }

  static boolean isInteger(String s) {
    int start = (s.startsWith("-") || s.startsWith("+")) ? 1 : 0;
    if (start == s.length()) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  public int size() {
    return ids.length;
  }

  public String id(int index) {
    return ids[index];
  }

  /** The index of {@code id}, or empty when the id is not in this vocabulary. */
  public OptionalInt find(String id) {
    Integer i = index.get(id);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /** The index of {@code id}, or -1 when absent; for hot loops that cannot afford an Optional. */
  public int indexOrMinusOne(String id) {
    Integer i = index.get(id);
    return i == null ? -1 : i;
  }

  /** The index of {@code id}; throws when absent. */
  public int indexOf(String id) {
    Integer i = index.get(id);
    if (i == null) {
      throw new NoSuchElementException(
          "unknown id '" + id + "' (vocabulary of " + ids.length + ")");
    }
    return i;
  }

  public boolean contains(String id) {
    return index.containsKey(id);
  }

  /** Position of index {@code i} in canonical id order; lower comes first among equal scores. */
  public int tieOrder(int i) {
    return tieOrder[i];
  }

  /** Whether every id is an integer (ties then break numerically). */
  public boolean numericIds() {
    return numeric;
  }

  public List<String> ids() {
    return List.of(ids);
  }

  /** A new vocabulary with {@code extra} ids appended (those already present are skipped). */
  public Vocabulary extendedWith(Iterable<String> extra) {
    List<String> all = new ArrayList<>(Arrays.asList(ids));
    var present = new java.util.HashSet<>(all);
    for (String s : extra) {
      if (present.add(s)) {
        all.add(s);
      }
    }
    return of(all);
  }
}
