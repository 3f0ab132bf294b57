package io.strec.stm;

import io.strec.data.Item;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.content.CatalogueVectors;
import io.strec.stm.data.Window;
import io.strec.text.BehaviourText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The user's encoded behaviour text (design document §3.2.1) as a conditioning input of {@code
 * stm}: the last events before a prediction, rendered by a {@link BehaviourText} ("Tue 08:10,
 * Midtown: Coffee Shop; ...") and encoded by the context's language model (through its embedding
 * store, so a text is encoded once).
 *
 * <p>Which events: those strictly before the first position a window scores ({@link #end(Window)}).
 * At inference that is every history event but the last, the same rule as for the first scored
 * position of a training window, and never anything at or after the query time.
 */
public final class UserText implements AutoCloseable {
  private final ModelContext context;
  private final boolean ownsContext;
  private final BehaviourText renderer;
  private final List<Item> items;
  private final int dim;

  /**
   * @param context where the encoder and embedding store come from
   * @param ownsContext whether {@link #close()} closes {@code context}
   * @param renderer how events read
   * @param items item metadata by catalogue index
   */
  public UserText(
      ModelContext context, boolean ownsContext, BehaviourText renderer, List<Item> items) {
    this.context = Objects.requireNonNull(context, "context");
    this.ownsContext = ownsContext;
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.items = List.copyOf(items);
    this.dim = CatalogueVectors.dimension(context);
  }

  /**
   * The same renderer and encoder over these items followed by {@code added}. The context is shared
   * when this one does not own it; otherwise the new one opens its own for the same encoder, so
   * that each closes on its own.
   */
  public UserText withItems(List<Item> added) {
    List<Item> all = new ArrayList<>(items.size() + added.size());
    all.addAll(items);
    all.addAll(added);
    ModelContext own =
        ownsContext
            ? new ModelContext(context.encoder(), java.util.Optional.empty(), line -> {})
            : context;
    try {
      return new UserText(own, ownsContext, renderer, all);
    } catch (RuntimeException e) {
      if (ownsContext) {
        own.close();
      }
      throw e;
    }
  }

  /** Dimension of the encoded vectors. */
  public int dim() {
    return dim;
  }

  /** The encoder spec of the context, e.g. {@code minilm-q}, kept in the model directory. */
  public String encoderSpec() {
    return context.encoder();
  }

  public BehaviourText renderer() {
    return renderer;
  }

  public List<Item> items() {
    return items;
  }

  /** The events of a window's behaviour text end before this history index. */
  public static int end(Window w) {
    return w.queries().isEmpty() ? w.start() : w.start() + w.queries().get(0).position();
  }

  /** The first {@code end} events of {@code h}. */
  public static History before(History h, int end) {
    if (end < 0 || end > h.size()) {
      throw new IllegalArgumentException(
          "prefix of " + end + " events of a history of " + h.size());
    }
    return h.first(end);
  }

  /** The text of a window: its history's events before {@link #end(Window)}. */
  public String text(Window w) {
    return renderer.render(before(w.history(), end(w)), items::get);
  }

  /**
   * One vector per window, in order; zero vectors for windows with no earlier event.
   *
   * @param progress receives progress lines of long encodings
   * @param save whether new vectors are written to the embedding store now
   */
  public float[][] vectors(List<Window> windows, Consumer<String> progress, boolean save) {
    List<String> texts = new ArrayList<>(windows.size());
    for (Window w : windows) {
      texts.add(text(w));
    }
    float[][] out = CatalogueVectors.encodeAll(context, texts, progress, save);
    for (int i = 0; i < out.length; i++) {
      if (out[i].length != dim) {
        throw new IllegalStateException(
            "behaviour vector of dimension " + out[i].length + ", expected " + dim);
      }
      if (texts.get(i).isBlank()) {
        Arrays.fill(out[i], 0f);
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (ownsContext) {
      context.close();
    }
  }
}
