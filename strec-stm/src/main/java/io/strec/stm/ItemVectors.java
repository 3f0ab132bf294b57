package io.strec.stm;

import io.strec.data.Dataset;

/** Where the frozen language-model vector of each catalogue item comes from. */
public interface ItemVectors {
  /**
   * One vector per item of {@code data}, all of one dimension; zero vectors for items without text.
   */
  float[][] of(Dataset data);

  /** The encoder's id, recorded in the model artifact. */
  String encoderId();

  /**
   * The {@link io.strec.text.ItemText} template the items of {@code data} were rendered with before
   * encoding; empty when the vectors did not come from rendered text (the default).
   */
  default java.util.Optional<String> itemText(Dataset data) {
    return java.util.Optional.empty();
  }

  /**
   * The context the vectors are encoded in, which the fitted model keeps to encode the items added
   * to it later ({@link StmModel#withItems}); empty by default.
   */
  default java.util.Optional<io.strec.model.ModelContext> context() {
    return java.util.Optional.empty();
  }

  /**
   * Where the behaviour texts of {@code train}'s users are rendered and encoded with the same
   * language model; empty when there is no encoder (the default). The fit that asks closes it with
   * its model.
   */
  default java.util.Optional<UserText> userText(Dataset train) {
    return java.util.Optional.empty();
  }

  /** No text at all: a single zero dimension for every item (for tests and text-free runs). */
  static ItemVectors none() {
    return new ItemVectors() {
      @Override
      public float[][] of(Dataset data) {
        return new float[data.numItems()][1];
      }

      @Override
      public String encoderId() {
        return "none";
      }
    };
  }

  /** Fixed vectors given directly (tests, precomputed embeddings). */
  static ItemVectors fixed(float[][] vectors, String encoderId) {
    return new ItemVectors() {
      @Override
      public float[][] of(Dataset data) {
        if (vectors.length != data.numItems()) {
          throw new IllegalArgumentException(
              vectors.length + " item vectors for a catalogue of " + data.numItems());
        }
        return vectors;
      }

      @Override
      public String encoderId() {
        return encoderId;
      }
    };
  }
}
