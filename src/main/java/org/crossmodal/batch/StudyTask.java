package org.crossmodal.batch;

import java.util.ArrayList;
import java.util.List;
import org.crossmodal.cluster.Cluster;
import org.crossmodal.dicom.Deidentifier;
import org.crossmodal.dicom.ResourceLimits;
import org.crossmodal.io.Json;

/**
 * What one partition of a batch does on a cluster: opens one {@link StudyWorker} (the model is loaded
 * once per partition, with one engine thread per task core) and runs it over its studies, one after
 * the other. The studies in flight in one JVM share that JVM's memory budget. Holds only what it
 * needs to travel: the batch's settings as JSON, the de-identification key if any.
 */
final class StudyTask implements Cluster.PartitionTask<StudyFiles, StudyOutcome> {
  private static final long serialVersionUID = 1L;
  private final String config;
  private final String modelSha;
  private final String settings;
  private final String runId;
  private final byte[] key;
  private final List<String> unpacked;

  /** {@code unpacked}: the folders the batch unpacked zips into, whose paths a de-identified message must not show either. */
  StudyTask(BatchConfig c, String modelSha, String settings, String runId, byte[] key, List<String> unpacked)
      throws java.io.IOException {
    this.config = Json.MAPPER.writeValueAsString(c);
    this.modelSha = modelSha;
    this.settings = settings;
    this.runId = runId;
    this.key = key;
    this.unpacked = List.copyOf(unpacked);
  }

  @Override
  public List<StudyOutcome> run(List<StudyFiles> studies, Cluster.TaskSlot slot) throws Exception {
    BatchConfig c = Json.MAPPER.readValue(config, BatchConfig.class);
    c.threads = Math.max(1, slot.cores());
    // This JVM's budget: --memory-budget when the run gave one, else ¾ of this JVM's heap.
    c.memoryBudgetMb = ResourceLimits.current().memoryBudgetBytes() >> 20;
    Deidentifier deidentifier = key == null ? null : new Deidentifier(key, c.deidentifyOptions);
    InputRedactor redactor = deidentifier == null ? InputRedactor.none()
        : InputRedactor.of(c.inputs, unpacked.stream().map(java.nio.file.Path::of).toList(), deidentifier);
    List<StudyOutcome> out = new ArrayList<>(studies.size());
    try (StudyWorker worker = StudyWorker.open(c, modelSha, settings, runId, deidentifier, redactor,
        MemoryBudget.ofThisJvm(c.memoryBudgetMb))) {
      for (StudyFiles s : studies) out.add(worker.run(s));
    }
    return out;
  }
}
