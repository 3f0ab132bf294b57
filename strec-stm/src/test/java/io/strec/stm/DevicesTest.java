package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.stm.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Device selection, and (on a machine with a GPU) the same model trained on GPU and CPU. */
class DevicesTest {
  @Test
  void specsNameDevices() {
    assertEquals(Device.cpu(), Devices.of("auto", 0));
    assertEquals(Device.gpu(0), Devices.of("auto", 2));
    assertEquals(Device.cpu(), Devices.of(" CPU ", 2));
    assertEquals(Device.gpu(0), Devices.of("gpu", 1));
    assertEquals(Device.gpu(1), Devices.of("gpu:1", 2));
  }

  @Test
  void aMissingGpuIsAnErrorNotAFallBack() {
    var e = assertThrows(IllegalArgumentException.class, () -> Devices.of("gpu", 0));
    assertTrue(e.getMessage().contains("sees 0 GPU"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Devices.of("gpu:2", 2));
    assertTrue(e.getMessage().contains("GPU 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Devices.of("tpu", 4));
    assertTrue(e.getMessage().contains("--device tpu"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Devices.of("gpu:x", 4));
    assertTrue(e.getMessage().contains("gpu:x"), e.getMessage());
  }

  @Test
  void aSelectedSpecIsCheckedAtOnce() {
    var e = assertThrows(IllegalArgumentException.class, () -> Devices.select("tpu"));
    assertTrue(e.getMessage().contains("--device tpu"), e.getMessage());
    assertEquals("auto", Devices.selected(), "a refused spec changes nothing");
  }

  @Test
  void theDeviceTrainedOnIsInTheProvenance() {
    for (float v : scoresAfterFitOn("cpu")) {
      assertTrue(Float.isFinite(v));
    }
  }

  @Test
  void trainsOnTheGpuToTheScoresOfTheCpu() {
    assumeTrue(
        Engine.getInstance().getGpuCount() > 0,
        "no GPU visible to the PyTorch engine (the bundled native library is the CPU build):"
            + " the GPU check is skipped");
    float[] cpu = scoresAfterFitOn("cpu");
    float[] gpu = scoresAfterFitOn("gpu");
    assertArrayEquals(cpu, gpu, 1e-2f, "GPU and CPU training must agree to rounding");
  }

  private static float[] scoresAfterFitOn(String device) {
    Dataset data = Fixtures.cycles(4, 6, 12);
    String before = Devices.selected();
    Devices.select(device);
    try (StmModel m =
        new StmTrainer(
                "stm",
                Fixtures.tiny(3),
                ItemVectors.fixed(Fixtures.vectors(data.numItems(), 5, 1), "test-vectors"),
                TrainOptions.quiet())
            .fit(data, 7)) {
      assertEquals(
          Devices.of(device, Engine.getInstance().getGpuCount()).toString(),
          m.state().provenance().get("device"));
      int[] evs = data.eventsOf(0);
      int last = evs[evs.length - 1];
      float[] s = new float[m.numItems()];
      m.score(
          new Query(
              0,
              History.of(data, evs, evs.length),
              data.time(last) + 3600,
              -300,
              data.latitude(last),
              data.longitude(last)),
          s);
      return s;
    } finally {
      Devices.select(before);
    }
  }

  /**
   * While {@link Devices#holdUntilOpThreadsSet} holds, asking for the device waits: another thread
   * reading a model cannot use the engine before the op threads are set; setting them releases it.
   */
  @Test
  void theDeviceWaitsForTheOpThreadsWhileHeld() throws Exception {
    Engine.getEngine("PyTorch");
    int before = ai.djl.pytorch.jni.JniUtils.getNumThreads();
    java.util.concurrent.CompletableFuture<Device> asked;
    try {
      Devices.holdUntilOpThreadsSet();
      asked = java.util.concurrent.CompletableFuture.supplyAsync(Devices::configured);
      Thread.sleep(300);
      assertTrue(!asked.isDone(), "the device was given before the op threads were set");
    } finally {
      Devices.setOpThreads(before);
    }
    assertEquals(Devices.configured(), asked.get());
    Devices.holdUntilOpThreadsSet();
    Devices.releaseOpThreadsHold();
    Devices.configured();
    assertThrows(IllegalArgumentException.class, () -> Devices.setOpThreads(0));
  }
}
