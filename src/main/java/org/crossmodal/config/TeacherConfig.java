package org.crossmodal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.AnatomicalPlane;
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
    /** The plane slices are cut in, taken from each volume's own orientation. */
    public AnatomicalPlane plane = AnatomicalPlane.AXIAL;
    /**
     * A cohort: several labelled volumes, split by subject from three on. When given, it replaces
     * the single volume of {@code image}, {@code labels}, {@code labelNames} and {@code masks}.
     */
    public List<Subject> subjects = new ArrayList<>();
    /** The MRI volume (NIfTI). */
    public String image = "mricron/ch2.nii.gz";
    /** An atlas (with {@code labelNames}) or a class map (NIfTI, ImageJ TIFF stack, DICOM SEG). */
    public String labels = "mricron/aal.nii.gz";
    /** The atlas's label table; null when {@code labels} already holds class indices. */
    public String labelNames = "mricron/aal.nii.txt";
    /** Mask volumes that recipe rules may name. */
    public Map<String, String> masks = new LinkedHashMap<>(Map.of("brain", "mricron/ch2bet.nii.gz"));
    public ClassRecipe recipe = ClassRecipe.colin27DeepGrey();
    /**
     * What the labelled MRI shows, in words and as the DICOM Body Part Examined values that match it:
     * recorded in the model file, and inputs are checked against it.
     */
    public String anatomy = "brain";
    public List<String> bodyParts = new ArrayList<>(List.of("BRAIN", "HEAD"));
    /** Network input: square side in pixels after padding and resizing. */
    public int size = 128;
    /** Slices per block in the train/validation/test split. */
    public int blockSize = 6;
    /** Slices with less labelled foreground than this share are left out. */
    public double minForeground = 0.02;
    /**
     * Share of training images shown as an ultrasound probe would frame the slice (a view drawn
     * afresh every time: any position around the head and orientation, sector, curvilinear or linear
     * probe of any opening and depth, at the field of view's scale); the rest are whole slices. 0:
     * whole slices only.
     */
    public double probeViews = 0.75;
    /** Share of those views drawn with a random B-mode look (per-tissue echoes, speckle, shadows, blur); the rest keep the MRI intensities. */
    public double randomLook = 0.6;
    /**
     * Epochs over which the share of views grows from 0 to {@code probeViews}: the teacher first
     * learns the anatomy on whole slices (the deep grey nuclei appear only after some hundred updates
     * there), then in the probe's geometry and looks.
     */
    public int viewRampEpochs = 15;
    /**
     * Views with a random B-mode look train the network's ultrasound batch norms (the rest its MRI
     * ones), so the teacher meets ultrasound with statistics learnt on ultrasound-like images; its
     * model file then has both domains. false: every image through the MRI batch norms.
     */
    public boolean lookDomain = true;
    /**
     * Share of training images drawn from the slices that hold every class (the rest: each slice
     * once per epoch). The deep grey nuclei lie in about a quarter of the slices; without this, some
     * seeds never learnt them.
     */
    public double allClassesShare = 0.33;
    /** Largest relative change of size of a view (0.15: anatomy 0.87 to 1.15 times as large). */
    public double viewScale = 0.15;
    /** Probe views per test slice (and a quarter of that per validation slice) on which the teacher is scored. */
    public int evaluationViews = 20;

    /** The recipe that makes a subject's classes: its own when it has one, else the shared {@code recipe}. */
    public ClassRecipe recipeOf(Subject s) {
      return s.recipe != null ? s.recipe : recipe;
    }

    /** The subjects to load: those of {@code subjects}, else the one volume of {@code image} and its labels. */
    public List<Subject> subjectList() {
      if (!subjects.isEmpty()) return subjects;
      Subject one = new Subject();
      one.image = image;
      one.labels = labels;
      one.labelNames = labelNames;
      one.masks = masks;
      return List.of(one);
    }

    /** Refuses shares outside [0, 1] and scales outside [0, 1), which would otherwise fail late or silently. */
    public void check() {
      for (Subject s : subjects) {
        if (s.image == null || s.labels == null) {
          throw new IllegalArgumentException("every entry of teacher.data.subjects needs an image and labels; got image " + s.image
              + ", labels " + s.labels);
        }
        if (s.recipe != null) {
          if (s.labelNames == null) {
            throw new IllegalArgumentException("the teacher.data.subjects entry with labels " + s.labels
                + " has a recipe but no labelNames: a recipe maps an atlas's label names to classes");
          }
          recipe.requireSameClasses(s.recipe, "the recipe of the teacher.data.subjects entry with label names " + s.labelNames);
        }
      }
      if (!(probeViews >= 0 && probeViews <= 1) || !(randomLook >= 0 && randomLook <= 1) || !(viewScale >= 0 && viewScale < 1)) {
        throw new IllegalArgumentException("teacher.data.probeViews and randomLook must be between 0 and 1, viewScale at least 0 and below 1; got "
            + probeViews + ", " + randomLook + " and " + viewScale);
      }
    }
  }

  /** One labelled volume of a cohort. */
  public static final class Subject {
    /** NIfTI, or a DICOM image series: folder, zip or DICOMDIR. */
    public String image;
    /** The Series Instance UID to take when {@code image} holds several series. */
    public String series;
    /** Atlas or class map (NIfTI, ImageJ TIFF stack, DICOM SEG), on the image's grid or matched to it in patient coordinates. */
    public String labels;
    /** The atlas's label table, mapped to classes by the shared {@code recipe}; null when {@code labels} holds class indices. */
    public String labelNames;
    /**
     * This subject's own recipe, for an atlas whose label names differ from those the shared
     * {@code recipe} names (AICHA's {@code N_Caudate-1} where AAL has {@code Caudate_L}): the same
     * classes in the same order, its own label names. null: the shared recipe.
     */
    public ClassRecipe recipe;
    /** Mask volumes that recipe rules may name. */
    public Map<String, String> masks = new LinkedHashMap<>();
    /**
     * Labels of another voxel size than the image (an atlas drawn at 2 mm on a 1 mm image) are taken
     * by nearest neighbour at the image's voxels instead of being refused; the region they cover must
     * still match the image's to within one of their voxels. Only for label maps, never intensities.
     */
    public boolean resampleLabels = false;
  }

  public static final class Network {
    public int depth = 3;
    public int baseChannels = 16;
    public double dropout = 0.1;
  }

  public static final class Training {
    /**
     * 150 epochs of 8 images (1 650 steps, about 6½ minutes on 2 cores in bf16): its validation Dice
     * still rose from 100 epochs to 150, and the deep grey nuclei in probe views with it
     * (docs/experiments/2026-12-05-longer-teachers.md). Batches of 8 give twice the steps of 16 in
     * the same time, which the nuclei need.
     */
    public int epochs = 150;
    public int batchSize = 8;
    public double learningRate = 2e-3;
    /**
     * Early stopping: epochs without a better validation Dice before stopping; 0 (the default) trains
     * every epoch. The learning rate decays on a cosine over {@code epochs}, and the teacher's views
     * improve most in its last, slowest epochs, which early stopping used to cut (docs/transfer.md).
     */
    public int patience = 0;
    public long seed = 42;
    public int threads = 2;
    public boolean augment = true;
    /**
     * Decay of the moving average of the weights ({@link org.crossmodal.model.WeightAverage}, after
     * every step) that is validated and kept instead of the trained weights themselves; 0 keeps the
     * trained weights.
     */
    public double averageDecay = 0.99;
  }
}
