// Compare segmentation models on simulated ultrasound with truth, through the Java API.
// In Fiji: open in the script editor (language Groovy) and set `models` below; from the tests or a
// shell it receives the model files as `args`. Frames come from the test slices of the Colin27
// split, so no model saw their anatomy in training.
import org.crossmodal.config.TeacherConfig
import org.crossmodal.evaluation.Dice
import org.crossmodal.inference.UltrasoundFrames
import org.crossmodal.model.ModelFile
import org.crossmodal.model.Segmenter
import org.crossmodal.simulate.BModeSimulator
import org.crossmodal.simulate.SimulatedFrames
import org.crossmodal.simulate.TissueTable
import org.crossmodal.training.TeacherData
import java.nio.file.Path

def models = binding.hasVariable('args') && args ? args.toList() : ['crossmodal-demo/student/student.model.zip']
def frameCount = 8

def data = TeacherData.load(new TeacherConfig().data)
def samples = SimulatedFrames.generate(data.image(), data.classes(), data.split().test(), frameCount, 11,
    BModeSimulator.defaults(), TissueTable.defaults())
def frames = UltrasoundFrames.simulated(samples)

println String.format('%-40s %12s %12s %12s', 'model', 'brain', 'deep_grey', 'mean')
models.each { m ->
  def model = ModelFile.load(Path.of(m), 2)
  try {
    def dice = Dice.of(UltrasoundFrames.predict(model, frames, Segmenter.Options.plain()), frames,
        model.descriptor().classes())
    println String.format('%-40s %12.4f %12.4f %12.4f', Path.of(m).fileName, dice.get('brain'), dice.get('deep_grey'),
        dice.meanForeground())
  } finally {
    model.close()
  }
}
