package org.crossmodal.fiji;

import static org.junit.jupiter.api.Assertions.*;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;
import org.crossmodal.simulate.BModeSimulator;
import org.crossmodal.simulate.SimulatedFrames;
import org.crossmodal.simulate.TissueTable;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.training.TeacherData;
import org.crossmodal.inference.UltrasoundFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.crossmodal.evaluation.Dice;

/** The Groovy research script in plugins/ runs against the Java API and prints what the API computes. */
class ResearchScriptTest {
  @TempDir Path tmp;

  @Test
  void compareModelsPrintsTheDiceTheApiGives() throws Exception {
    Path model = TinyModel.save(tmp.resolve("tiny.model.zip"), 217);
    Binding b = new Binding();
    b.setVariable("args", new String[] {model.toString()});
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    b.setProperty("out", new PrintStream(captured, true, StandardCharsets.UTF_8));
    new GroovyShell(b).evaluate(Path.of("plugins/examples/Compare_Models.groovy").toFile());
    String printed = captured.toString(StandardCharsets.UTF_8);

    TeacherData data = TeacherData.load(new TeacherConfig().data);
    var frames = UltrasoundFrames.simulated(SimulatedFrames.generate(data.image(), data.classes(), data.split().test(), 8, 11,
        BModeSimulator.defaults(), TissueTable.defaults()));
    double mean;
    try (LoadedModel m = ModelFile.load(model, 2)) {
      mean = Dice.of(UltrasoundFrames.predict(m, frames, Segmenter.Options.plain()), frames, m.descriptor().classes())
          .get("meanForeground");
    }
    assertTrue(printed.contains("tiny.model.zip") && printed.contains(String.format("%.4f", mean)), printed);
  }
}
