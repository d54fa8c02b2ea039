// Train an MRI teacher on two images open in Fiji, an MR stack and its label image (class indices of
// the image's size, e.g. drawn with Labkit), through the same Java API as Train MRI Teacher... with
// "data=[open images]": ImagePlusConversion turns the images into volumes, TeacherData.of makes the
// teacher's data of them, and the configuration supplies the classes (label value i is class i),
// network and training. In Fiji: open in the script editor (language Groovy), set the four values
// below and run; from the tests or a shell it receives them as `args`.
import ij.WindowManager
import java.nio.file.Path
import org.crossmodal.config.TransferConfig
import org.crossmodal.data.ImagePlusConversion
import org.crossmodal.data.LabelledVolume
import org.crossmodal.model.ModelFile
import org.crossmodal.training.TeacherData
import org.crossmodal.training.TeacherTrainer
import org.crossmodal.training.TrainingListener

def a = binding.hasVariable('args') && args ? args.toList()
    : ['volume', 'volume labels', 'plugins/examples/tiny.yaml', System.getProperty('user.home') + '/CrossModal/teacher-from-images']
def (mrTitle, labelsTitle, configFile, outDir) = a

def mr = WindowManager.getImage(mrTitle), labels = WindowManager.getImage(labelsTitle)
if (mr == null || labels == null) throw new IllegalArgumentException("open the images '${mrTitle}' and '${labelsTitle}' first")
def config = TransferConfig.read(Path.of(configFile)).teacher
def volume = new LabelledVolume(ImagePlusConversion.volume(mr), ImagePlusConversion.labels(labels))
def data = TeacherData.of(config.data, [volume])
// DJL finds its engine through the thread's context class loader: in Fiji, the plugin's.
def thread = Thread.currentThread(), loader = thread.contextClassLoader
thread.contextClassLoader = TeacherTrainer.classLoader
def model
try {
  model = TeacherTrainer.train(config, data, Path.of(outDir), TrainingListener.SILENT)
} finally {
  thread.contextClassLoader = loader
}
println "model ${model}"
println "provenance ${ModelFile.readDescriptor(model).provenance().get('files')}"
