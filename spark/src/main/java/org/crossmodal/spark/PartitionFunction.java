package org.crossmodal.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.crossmodal.cluster.Cluster;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * What a Spark task runs: prepares its JVM once ({@link TaskJvm}), then hands its partition's items
 * to the core's task with the task's cores ({@code spark.task.cpus}) as its engine threads.
 */
final class PartitionFunction<I extends Serializable, R extends Serializable>
    extends AbstractFunction1<Iterator<ArrayList<I>>, ArrayList<R>> implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Cluster.PartitionTask<I, R> task;
  private final Map<String, String> properties;

  PartitionFunction(Cluster.PartitionTask<I, R> task, Map<String, String> properties) {
    this.task = task;
    this.properties = properties;
  }

  @Override
  public ArrayList<R> apply(Iterator<ArrayList<I>> partition) {
    TaskJvm.prepare(properties);
    ArrayList<I> items = new ArrayList<>();
    while (partition.hasNext()) items.addAll(partition.next());
    TaskContext context = TaskContext.get();
    int cores = context == null ? 1 : context.cpus();
    try {
      return new ArrayList<>(task.run(items, new Cluster.TaskSlot(cores)));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage() == null ? e.getClass().getName() : e.getMessage(), e);
    }
  }
}
