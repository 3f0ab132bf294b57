package io.strec.stm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.Query;
import io.strec.stm.data.Batch;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.Window;
import io.strec.stm.nn.Network;
import java.util.List;

/**
 * A fitted {@code stm}: scores the catalogue for a query from the last {@code maxLen} events of its
 * history, its time and its place. Safe for concurrent {@link #score} calls (each works in its own
 * short-lived manager on detached weights). Closing it frees the weights.
 */
public final class StmModel implements Model {
  private final String name;
  private final StmState state;
  private final Network network;
  private final NDManager manager;
  private final BatchBuilder builder;
  private final UserText userText;

  StmModel(String name, StmState state, Network network, NDManager manager, UserText userText) {
    if ((userText == null ? 0 : userText.dim()) != network.userDim()) {
      throw new IllegalArgumentException(
          "the network takes behaviour vectors of dimension "
              + network.userDim()
              + ", the user-text encoder gives "
              + (userText == null ? 0 : userText.dim()));
    }
    this.name = name;
    this.state = state;
    this.network = network;
    this.manager = manager;
    this.userText = userText;
    this.builder =
        new BatchBuilder(
            state.config(),
            state.grid(),
            state.transitions(),
            state.neighbours(),
            state.items().size());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int numItems() {
    return state.items().size();
  }

  public StmState state() {
    return state;
  }

  /** Where the user's behaviour text is rendered and encoded, when the model uses it. */
  public java.util.Optional<UserText> userText() {
    return java.util.Optional.ofNullable(userText);
  }

  /** Encodes the behaviour texts of all {@code queries} in one pass before they are scored. */
  @Override
  public void prepare(List<io.strec.model.Query> queries) {
    if (userText == null || queries.isEmpty()) {
      return;
    }
    List<Window> windows = new java.util.ArrayList<>(queries.size());
    for (io.strec.model.Query q : queries) {
      windows.add(window(q));
    }
    userText.vectors(windows, line -> {}, false);
  }

  private Batch batch(Window w) {
    return builder.build(
        List.of(w), userText == null ? null : userText.vectors(List.of(w), line -> {}, false));
  }

  Network network() {
    return network;
  }

  @Override
  public void score(Query query, float[] scores) {
    int n = numItems();
    if (scores.length < n) {
      throw new IllegalArgumentException(
          "score array of " + scores.length + " for " + n + " items");
    }
    Batch bt = batch(window(query));
    try (NDManager step = manager.newSubManager()) {
      Network.Output out = network.forward(step, bt);
      float[] s = out.logits().toFloatArray();
      System.arraycopy(s, 0, scores, 0, n);
    }
  }

  /** Scores and the parts they are made of, for {@code strec recommend}. */
  public Explanation explain(Query query, int k) {
    Window w = window(query);
    Batch bt = batch(w);
    try (NDManager step = manager.newSubManager()) {
      Network.Output out = network.forward(step, bt);
      return Explanation.of(
          state,
          w,
          bt,
          query,
          k,
          out.logits().toFloatArray(),
          out.interest().toFloatArray(),
          out.prior().toFloatArray(),
          out.distance().toFloatArray(),
          out.repeat().toFloatArray(),
          out.transition().toFloatArray(),
          out.similar().toFloatArray(),
          meanOverHeads(out.queryWeights()));
    }
  }

  private static float[] meanOverHeads(NDArray weights) {
    return weights.mean(new int[] {1}).toFloatArray();
  }

  private Window window(Query query) {
    History h = query.history();
    return Window.query(
        h,
        state.config().maxLen(),
        query.epochSecond(),
        query.tzOffsetMinutes(),
        query.latitude(),
        query.longitude());
  }

  /** Writes the weights in the binary form of {@link io.strec.stm.nn.Params}. */
  public void writeWeights(java.io.DataOutputStream out) throws java.io.IOException {
    network.params().write(out);
  }

  /**
   * A model over {@code state} whose weights are read from {@code weights}; takes ownership of
   * {@code manager}.
   */
  public static StmModel restore(
      String name,
      StmState state,
      NDManager manager,
      UserText userText,
      java.io.DataInputStream weights)
      throws java.io.IOException {
    Network network =
        new Network(
            state.config(),
            manager,
            ai.djl.ndarray.types.DataType.FLOAT32,
            state.text(),
            state.counts(),
            state.lat(),
            state.lon(),
            state.grid().regions(),
            userText == null ? 0 : userText.dim(),
            new java.util.SplittableRandom(0));
    network.params().read(weights);
    return new StmModel(name, state, network, manager, userText);
  }

  @Override
  public void close() {
    try {
      manager.close();
    } finally {
      if (userText != null) {
        userText.close();
      }
    }
  }
}
