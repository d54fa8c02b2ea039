// CrossModal Transfer from a macro: open an ultrasound study, train a teacher, pseudo-label the
// ultrasound, train a student on it, segment the study and export the result as DICOM SEG.
// Run headless:  ImageJ -batch plugins/CrossModal_Pipeline.ijm "OUT,US_DICOM,CONFIG"
// (CONFIG: a run configuration such as plugins/examples/tiny.yaml: epochs, seed and the student's
// training come from it; the student takes its teacher's network size.)
args = split(getArgument(), ",");
out = args[0]; us = args[1]; config = args[2];
File.makeDirectory(out);

run("Open DICOM Studies...", "location=[" + us + "]");
study = getTitle();
run("Train MRI Teacher...", "configuration=[" + config + "] output=[" + out + "/teacher]");
run("Pseudo-label Ultrasound...", "model=[" + out + "/teacher/teacher.model.zip] ultrasound=[" + us + "] output=[" + out + "/pseudo-labels] quantile=0.5 monte-carlo=2");
run("Train Student...", "teacher=[" + out + "/teacher/teacher.model.zip] configuration=[" + config + "] ultrasound=[" + us + "] output=[" + out + "/student]");
selectImage(study);
run("Segment with Model...", "model=[" + out + "/student/student.model.zip] input=[] output=[] ultrasound depth=0");
saveAs("Tiff", out + "/student-labels.tif");
// The label image knows its source and class names: only the output is given.
run("Export DICOM SEG...", "output=[" + out + "/student-seg.dcm]");
print("CrossModal pipeline macro finished: " + out);
