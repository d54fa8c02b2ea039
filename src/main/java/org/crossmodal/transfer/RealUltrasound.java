package org.crossmodal.transfer;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.LabelImages;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.inference.PseudoLabelImages;
import org.crossmodal.inference.PseudoLabeller;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.inference.UltrasoundFrames;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;
import org.crossmodal.model.Suitability;
import org.crossmodal.training.TrainingListener;

/**
 * Real ultrasound without truth: the teacher's pseudo-labels with confidence, and the student's
 * predictions. Without truth nothing here is scored: it shows real DICOM ultrasound going through
 * pseudo-labelling and the student. Each source is checked against what the models were trained
 * for, and the warnings are logged and kept in metrics.json.
 */
final class RealUltrasound {
  private RealUltrasound() {}

  /** One entry per configured source: its name, frames and pseudo-label statistics, or the error that kept it out. */
  static List<Map<String, Object>> process(TransferConfig c, StudentStage.Teacher teacher, Path student, RunFolder run,
      TrainingListener listener) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    List<ImageSource> sources = new ArrayList<>();
    List<Path> paths = c.ultrasound.stream().map(DataSet::resolve).toList();
    ImageSources.open(paths, sources::add, err -> {
      listener.onMessage("skipped: " + err);
      out.add(Map.of("error", err));
    });
    if (sources.isEmpty()) return out;
    NetworkGeometry network = teacher.descriptor().geometry();
    try (LoadedModel t = ModelFile.load(teacher.model(), c.evaluation.threads); LoadedModel s = ModelFile.load(student, c.evaluation.threads)) {
      for (ImageSource src : sources) {
        RunFolder.PseudoLabels files = run.realUltrasound(src.name());
        List<UltrasoundFrame> frames = UltrasoundFrames.of(src, null);
        List<String> warnings = Suitability.check(s.descriptor(), src.name(), src.origin(),
            org.crossmodal.data.InputFit.of(src.width(), src.height(), frames.get(0).pixelMm(), src.mask(), network), List.of(src.frames()));
        warnings.forEach(w -> listener.onMessage("real ultrasound: warning: " + w));
        List<UltrasoundFrame.Square> sq = frames.stream().map(f -> f.toNetwork(network)).toList();
        // Monte-Carlo dropout draws from the engine: seeded per input, so a resumed run labels as an uninterrupted one does.
        Engine.getInstance().setRandomSeed((int) (c.student.seed + src.name().hashCode()));
        PseudoLabeller.Result pl = PseudoLabeller.label(t, DomainSwitch.MRI, sq, c.student.pseudoLabels);
        var fit = frames.get(0).fit(network);
        PseudoLabelImages.save(pl, new NetworkGeometry(network.inputSize(), fit.pixelMm() > 0 ? fit.side() * fit.pixelMm() : 0), files);
        List<Segmenter.Prediction> p = UltrasoundFrames.predict(s, frames, Segmenter.Options.plain());
        LabelImages.save(LabelImages.labels(src.name() + "_student", src.width(), src.height(),
            p.stream().map(Segmenter.Prediction::labels).toList(), src.pixelWidthMm(), src.pixelHeightMm()), files.studentLabels());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", src.name());
        m.put("frames", frames.size());
        m.put("pseudoLabels", pl.stats());
        m.put("warnings", warnings);
        out.add(m);
        listener.onMessage("real ultrasound " + src.name() + ": " + frames.size() + " frames pseudo-labelled and segmented (no truth: "
            + "not scored)");
      }
    }
    return out;
  }
}
