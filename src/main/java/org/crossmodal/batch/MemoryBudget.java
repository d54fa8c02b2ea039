package org.crossmodal.batch;

import java.util.concurrent.Semaphore;

/**
 * The megabytes the studies in flight in one JVM may hold together. A study reserves its estimate
 * before it starts and waits while others hold the budget; one that alone needs more fails. A batch
 * on one machine has one budget for its worker threads; on a cluster, the tasks that run in the same
 * JVM share {@link #ofThisJvm} (each JVM's budget comes from its own heap or {@code --memory-budget}).
 */
final class MemoryBudget {
  private static MemoryBudget jvm;
  private final int megabytes;
  private final Semaphore free;

  MemoryBudget(long megabytes) {
    this.megabytes = (int) Math.min(Integer.MAX_VALUE, Math.max(1, megabytes));
    this.free = new Semaphore(this.megabytes, true);
  }

  /** The budget every task of this JVM shares; the first caller's size decides it. */
  static synchronized MemoryBudget ofThisJvm(long megabytes) {
    if (jvm == null) jvm = new MemoryBudget(megabytes);
    return jvm;
  }

  int megabytes() {
    return megabytes;
  }

  void acquire(int mb) throws InterruptedException {
    free.acquire(mb);
  }

  void release(int mb) {
    free.release(mb);
  }
}
