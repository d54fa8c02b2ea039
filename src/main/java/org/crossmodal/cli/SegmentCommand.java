package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.inference.SegmentJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "segment", description = {
    "Segment DICOM series, NIfTI volumes or images ImageJ opens (TIFF, PNG, JPEG) with a model: per input NAME_labels.tif "
        + "and NAME_probabilities.tif, named after the input, and segmentations.json.",
    "An image without a pixel size (no Pixel Spacing or calibrated Ultrasound Region) stays uncalibrated: its whole imaging "
        + "area is fitted to the network's input and areas are in pixels; --depth gives it a real scale. Inputs that do not "
        + "fit what the model was trained for (modality, Body Part Examined, scale) get a warning."})
final class SegmentCommand implements Callable<Integer> {
  @Mixin ModelJobOptions job;

  @Parameters(arity = "1..*", paramLabel = "PATH",
      description = "DICOM files, folders, zips or DICOMDIRs (one result per series), NIfTI volumes (.nii, .nii.gz) or images (.tif, .png, .jpg)")
  List<Path> inputs;

  @Option(names = "--depth", paramLabel = "MM", defaultValue = "0",
      description = "imaging depth in mm (the height of the imaging area) of inputs without a pixel size; default: unknown, "
          + "the imaging area is fitted to the network's input")
  double depthMm;

  @Option(names = "--modality", paramLabel = "US|MR",
      description = "what images that do not say their modality (TIFF, PNG, JPEG without a Modality property) are: US (the "
          + "model's ultrasound statistics, labels only inside the detected fan) or MR; default: taken as MR, with a warning. "
          + "DICOM and NIfTI keep their own")
  Modality modality;

  enum Modality { US, MR }

  @Override
  public Integer call() throws Exception {
    List<SegmentJob.Result> results = SegmentJob.run(job.model, inputs, job.out, job.threads, depthMm,
        modality == null ? null : modality.name(), System.err::println);
    long ok = results.stream().filter(r -> r.error() == null).count();
    results.stream().filter(r -> r.error() != null).forEach(r -> System.err.println("skipped: " + r.error()));
    for (SegmentJob.Result r : results) {
      if (r.error() == null) System.out.println(job.out.resolve(r.labels()) + "  (" + r.frames() + (r.frames() == 1 ? " image" : " images")
          + (r.warnings().isEmpty() ? "" : ", " + r.warnings().size() + (r.warnings().size() == 1 ? " warning" : " warnings")) + ")");
    }
    System.out.println("segmented " + ok + " of " + results.size() + " inputs into " + job.out + " (segmentations.json)");
    return ok == results.size() ? 0 : 1;
  }
}
