package org.crossmodal.cluster;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * A cluster engine that runs partitioned work across machines. The core defines the work (what one
 * partition does with its items); an engine module implements this interface and is found with
 * {@link java.util.ServiceLoader} ({@link ClusterProvider}), so the Fiji plugin and the plain command
 * line carry no cluster engine. The Spark module ({@code spark/}) is the one implementation.
 */
public interface Cluster extends AutoCloseable {
  /** For logs and summaries: the engine, its version and the master, e.g. {@code Apache Spark 4.0.4 on local[2]}. */
  String describe();

  /** Task slots the cluster offers (cores divided by cores per task), to split the items into partitions. */
  int parallelism();

  /** True when the tasks run inside this JVM (Spark's {@code local[N]}): files this JVM sees, the tasks see. */
  boolean inThisJvm();

  /**
   * True when what a task carries cannot be read off the network: the tasks run in this JVM or on
   * this machine, or the engine authenticates and encrypts its traffic. A de-identified export sends
   * its key to the tasks and runs only then.
   */
  boolean protectsTaskData();

  /**
   * Runs {@code task} over {@code items} split into {@code partitions} partitions (at most one per
   * item). Each partition runs once in some JVM of the cluster, in order of its items; a partition
   * whose JVM is lost is run again by the engine. Results come back to this JVM and are handed to
   * {@code sink.finished} as each partition completes, one call at a time. A partition that fails
   * for good (every attempt failed) ends in {@code sink.failed} with its items and the engine's
   * reason; the other partitions still run to their end.
   */
  <I extends Serializable, R extends Serializable> void run(List<I> items, int partitions, PartitionTask<I, R> task,
      Sink<I, R> sink) throws IOException, InterruptedException;

  @Override
  void close();

  /** What one partition does; shipped to the cluster, so it holds only serialisable settings. */
  @FunctionalInterface
  interface PartitionTask<I, R> extends Serializable {
    /** Called once per partition with its items; {@code slot} says how much of the machine this task may use. */
    List<R> run(List<I> items, TaskSlot slot) throws Exception;
  }

  /** The resources of the task running a partition: its cores (one engine thread each). */
  record TaskSlot(int cores) implements Serializable {}

  /** Receives the partitions' ends on the submitting side, one call at a time. */
  interface Sink<I, R> {
    void finished(List<R> results);

    void failed(List<I> items, String reason);
  }
}
