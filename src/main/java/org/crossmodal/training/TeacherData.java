package org.crossmodal.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.AxialSlices;
import org.crossmodal.data.LabelMaps;
import org.crossmodal.data.LabelTable;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.data.NiftiReader;
import org.crossmodal.data.SliceSplit;
import org.crossmodal.data.Volume;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Hashes;
import org.crossmodal.config.TeacherConfig;

/** The labelled MRI of a teacher configuration: volumes, class map, slices and their split. */
public record TeacherData(Volume image, Volume classes, List<LabelledSlice> slices, SliceSplit split,
    Map<String, String> fileHashes) {

  public static TeacherData load(TeacherConfig.Data d) throws IOException {
    Map<String, String> hashes = new LinkedHashMap<>();
    Path imagePath = DataSet.resolve(d.image);
    Volume image = NiftiReader.read(imagePath);
    hashes.put(imagePath.getFileName().toString(), Hashes.sha256(imagePath));
    Path labelPath = DataSet.resolve(d.labels);
    Volume labels = LabelMaps.read(labelPath);
    hashes.put(labelPath.getFileName().toString(), Hashes.sha256(labelPath));
    Volume classes;
    if (d.labelNames != null) {
      Path namesPath = DataSet.resolve(d.labelNames);
      Map<String, Volume> masks = new LinkedHashMap<>();
      for (var e : d.masks.entrySet()) {
        Path m = DataSet.resolve(e.getValue());
        masks.put(e.getKey(), NiftiReader.read(m));
        hashes.put(m.getFileName().toString(), Hashes.sha256(m));
      }
      classes = d.recipe.apply(labels, LabelTable.read(namesPath), masks);
      hashes.put(namesPath.getFileName().toString(), Hashes.sha256(namesPath));
    } else {
      classes = labels;
    }
    if (!image.sameGrid(classes)) {
      throw new IOException(labelPath + ": labels are " + classes.nx() + "x" + classes.ny() + "x" + classes.nz()
          + " but the image is " + image.nx() + "x" + image.ny() + "x" + image.nz());
    }
    List<LabelledSlice> slices = AxialSlices.extract(image, classes, d.size, d.minForeground);
    if (slices.size() < 5 * d.blockSize) {
      throw new IOException(imagePath + ": only " + slices.size() + " labelled slices; at least " + 5 * d.blockSize
          + " are needed for a block split of " + d.blockSize);
    }
    SliceSplit split = SliceSplit.byBlocks(slices.stream().map(LabelledSlice::index).toList(), d.blockSize);
    return new TeacherData(image, classes, slices, split, hashes);
  }

  /** Physical width of the square network input: the larger in-plane extent of the volume. */
  public double fieldOfViewMm() {
    return Math.max(image.nx() * image.sx(), image.ny() * image.sy());
  }

  public List<LabelledSlice> subset(List<Integer> indices) {
    return split.select(slices, LabelledSlice::index, indices);
  }
}
