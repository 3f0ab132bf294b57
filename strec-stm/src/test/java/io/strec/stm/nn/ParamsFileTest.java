package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The parameter file: arrays larger than one read block (1 MB) come back bit for bit, and a file
 * cut short inside an array is refused.
 */
class ParamsFileTest {
  @Test
  void arraysOfEverySizeReadBackAndATruncatedFileIsRefused() throws IOException {
    SplittableRandom random = new SplittableRandom(4);
    // 0, 1, a block's worth, one more than a block, and several blocks and a part.
    int[] sizes = {0, 1, 1 << 18, (1 << 18) + 1, 3 * (1 << 18) + 777};
    byte[] file;
    Map<String, float[]> want = new LinkedHashMap<>();
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> named = new LinkedHashMap<>();
      for (int s : sizes) {
        float[] v = new float[s];
        for (int i = 0; i < s; i++) {
          v[i] = (float) random.nextGaussian();
        }
        if (s > 0) {
          v[s - 1] = Float.MIN_VALUE; // the last value of each array, a subnormal
        }
        want.put("p" + s, v);
        named.put("p" + s, m.create(v, new Shape(s)));
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        Params.writeArrays(out, named);
      }
      file = bytes.toByteArray();
    }
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    Params.readArrays(new DataInputStream(new ByteArrayInputStream(file)), values, shapes);
    assertEquals(want.keySet(), values.keySet());
    for (var e : want.entrySet()) {
      assertArrayEquals(e.getValue(), values.get(e.getKey()), 0f, e.getKey());
      assertEquals(new Shape(e.getValue().length), shapes.get(e.getKey()));
    }
    byte[] cut = Arrays.copyOf(file, file.length - 3);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Params.readArrays(
                    new DataInputStream(new ByteArrayInputStream(cut)),
                    new LinkedHashMap<>(),
                    new LinkedHashMap<>()));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }
}
