package org.crossmodal.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crossmodal.data.ClassRecipe;

/**
 * Configuration of teacher training (YAML or JSON; every field has the demo's default). Relative
 * data paths that do not exist from the working folder are looked up in the fetched data set.
 */
public final class TeacherConfig {
  public Data data = new Data();
  public Network network = new Network();
  public Training training = new Training();

  public static final class Data {
    /** The MRI volume (NIfTI). */
    public String image = "mricron/ch2.nii.gz";
    /** An atlas (with {@code labelNames}) or a class map (NIfTI, ImageJ TIFF stack, DICOM SEG). */
    public String labels = "mricron/aal.nii.gz";
    /** The atlas's label table; null when {@code labels} already holds class indices. */
    public String labelNames = "mricron/aal.nii.txt";
    /** Mask volumes that recipe rules may name. */
    public Map<String, String> masks = new LinkedHashMap<>(Map.of("brain", "mricron/ch2bet.nii.gz"));
    public ClassRecipe recipe = ClassRecipe.colin27DeepGrey();
    /** Network input: square side in pixels after padding and resizing. */
    public int size = 128;
    /** Slices per block in the train/validation/test split. */
    public int blockSize = 6;
    /** Slices with less labelled foreground than this share are left out. */
    public double minForeground = 0.02;
    /**
     * Probability that a training slice is shown as an ultrasound probe would frame it (a sector
     * from a random pose, at the field of view's scale), so the teacher knows the anatomy in the
     * geometry of ultrasound; 0 trains on whole slices only.
     */
    public double probeViews = 0;
    /** Views prepared per slice to draw from. */
    public int viewsPerSlice = 4;
  }

  public static final class Network {
    public int depth = 3;
    public int baseChannels = 16;
    public double dropout = 0.1;
  }

  public static final class Training {
    public int epochs = 40;
    public int batchSize = 16;
    public double learningRate = 2e-3;
    /** Early stopping: epochs without a better validation Dice before stopping. */
    public int patience = 15;
    public long seed = 42;
    public int threads = 2;
    public boolean augment = true;
  }
}
