package io.strec.encoder.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strec.encoder.EncoderException;
import java.net.URI;
import java.util.List;

/**
 * The OpenAI embeddings wire format: writes {@code {"model", "input", "dimensions"?}} and reads
 * {@code {"data": [{"index", "embedding"}]}} into vectors in input order, rejecting anything that
 * is not exactly one finite vector per input.
 */
final class EmbeddingsJson {
  // Non-numeric tokens are accepted so that a server which writes a bare NaN (Python's json does)
  // gets the "non-finite value" message rather than a parse error about an unexpected token.
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private EmbeddingsJson() {}

  /**
   * The request body.
   *
   * @param dimensions sent as {@code "dimensions"} when positive
   */
  static byte[] request(String model, List<String> texts, int dimensions) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("model", model);
    ArrayNode input = root.putArray("input");
    texts.forEach(input::add);
    if (dimensions > 0) {
      root.put("dimensions", dimensions);
    }
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an embeddings request", e);
    }
  }

  /**
   * Parses a response into {@code count} vectors ordered by their {@code index}, all of one length.
   *
   * @param dim the required length, or 0 to accept whatever length the first vector has
   * @throws EncoderException naming {@code url} and what is wrong
   */
  static float[][] parse(String body, int count, int dim, URI url) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new EncoderException(
          "malformed JSON from "
              + url
              + ": "
              + e.getOriginalMessage()
              + "; body starts: "
              + RetryingPost.excerpt(body),
          e);
    }
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray()) {
      String what =
          root != null && root.has("error")
              ? "an error: " + RetryingPost.excerpt(root.get("error").toString())
              : "no \"data\" array; body starts: " + RetryingPost.excerpt(body);
      throw new EncoderException("unexpected response from " + url + ": " + what);
    }
    if (data.size() != count) {
      throw new EncoderException(
          url + " returned " + data.size() + " vectors for " + count + " texts");
    }
    float[][] out = new float[count][];
    for (int pos = 0; pos < count; pos++) {
      JsonNode item = data.get(pos);
      int index = indexOf(item, pos, count, url);
      if (out[index] != null) {
        throw new EncoderException(url + " returned index " + index + " twice");
      }
      float[] v = vector(item.get("embedding"), index, url);
      if (dim == 0) {
        dim = v.length;
      } else if (v.length != dim) {
        throw new EncoderException(
            url
                + " returned a vector of dimension "
                + v.length
                + " for text "
                + index
                + ", expected "
                + dim);
      }
      out[index] = v;
    }
    return out;
  }

  /** The item's {@code index}; servers that leave it out are taken to answer in order. */
  private static int indexOf(JsonNode item, int pos, int count, URI url) {
    if (item == null || !item.isObject()) {
      throw new EncoderException(url + " returned data[" + pos + "] that is not an object");
    }
    JsonNode idx = item.get("index");
    if (idx == null || idx.isNull()) {
      return pos;
    }
    if (!idx.canConvertToInt()
        || !idx.isIntegralNumber()
        || idx.intValue() < 0
        || idx.intValue() >= count) {
      throw new EncoderException(
          url + " returned index " + idx + " at data[" + pos + "], expected 0.." + (count - 1));
    }
    return idx.intValue();
  }

  private static float[] vector(JsonNode embedding, int index, URI url) {
    if (embedding == null || !embedding.isArray() || embedding.isEmpty()) {
      throw new EncoderException(
          url
              + " returned no embedding array for text "
              + index
              + (embedding != null && embedding.isTextual()
                  ? " (base64 encoding is not supported)"
                  : ""));
    }
    float[] v = new float[embedding.size()];
    for (int j = 0; j < v.length; j++) {
      JsonNode x = embedding.get(j);
      if (!x.isNumber()) {
        throw new EncoderException(
            url
                + " returned a non-number "
                + RetryingPost.excerpt(x.toString())
                + " at position "
                + j
                + " of the vector for text "
                + index);
      }
      // Checked after narrowing: a double beyond float range is as useless as an infinity.
      v[j] = (float) x.doubleValue();
      if (!Float.isFinite(v[j])) {
        throw new EncoderException(
            url
                + " returned a non-finite value "
                + x.doubleValue()
                + " at position "
                + j
                + " of the vector for text "
                + index);
      }
    }
    return v;
  }
}
