package org.crossmodal.spark;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The settings the Spark module derives from a run: what counts as this machine, executor memory, key transport. */
class SparkSettingsTest {
  @Test
  void mastersOnThisMachine() {
    assertTrue(SparkCluster.onThisMachine("local[2]"));
    assertTrue(SparkCluster.onThisMachine("local"));
    assertTrue(SparkCluster.onThisMachine("spark://127.0.0.1:7077"));
    assertTrue(SparkCluster.onThisMachine("spark://localhost:7077"));
    assertFalse(SparkCluster.onThisMachine("spark://head.example.org:7077"));
    assertFalse(SparkCluster.onThisMachine("yarn"));
    assertTrue(SparkCluster.isLocal("local[4]"));
    assertFalse(SparkCluster.isLocal("spark://127.0.0.1:7077"));
  }

  @Test
  void theDeidentificationKeyTravelsOnlyWhereNoOneCanReadIt() {
    assertTrue(SparkCluster.protectsTaskData("local[2]", false, false));
    assertTrue(SparkCluster.protectsTaskData("spark://127.0.0.1:7077", false, false));
    assertFalse(SparkCluster.protectsTaskData("spark://head.example.org:7077", false, false));
    assertFalse(SparkCluster.protectsTaskData("yarn", true, false), "authenticated but in clear text");
    assertFalse(SparkCluster.protectsTaskData("yarn", false, true), "Spark's network crypto needs authentication");
    assertTrue(SparkCluster.protectsTaskData("yarn", true, true));
  }

  @Test
  void executorHeapWhoseThreeQuartersAreTheBudget() {
    assertEquals(4096, SparkCluster.executorMemoryMb(3L << 30));
    assertEquals(1366, SparkCluster.executorMemoryMb(1L << 30), "rounded up to whole MB");
  }
}
