// Writes the CrossModal Transfer commands that ImageJ's menus know, one "label=class" per line,
// to the file given as argument; then opens one dialog so it can be seen (Esc closes it).
out = getArgument();
List.setCommands;
labels = newArray("Open DICOM Studies...", "Train MRI Teacher...", "Pseudo-label Ultrasound...", "Train Student...",
  "Segment with Model...", "Evaluate...", "Simulate Ultrasound...", "Run Transfer Pipeline...", "Export DICOM SEG...",
  "Batch Segment Studies...", "Query PACS...", "Send Results to PACS...");
s = "";
for (i = 0; i < labels.length; i++) s = s + labels[i] + "=" + List.get(labels[i]) + "\n";
File.saveString(s, out);
run("Train MRI Teacher...");
