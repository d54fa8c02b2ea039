package org.crossmodal.pacs;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.FindSOPClassSCU;
import com.pixelmed.network.GetSOPClassSCU;
import com.pixelmed.network.IdentifierHandler;
import com.pixelmed.network.MoveSOPClassSCU;
import com.pixelmed.network.MultipleInstanceTransferStatusHandlerWithFileName;
import com.pixelmed.network.StorageSOPClassSCU;
import com.pixelmed.network.VerificationSOPClassSCU;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** DIMSE with PixelMed: C-ECHO, C-FIND (study root; patient root for patients), C-MOVE or C-GET, C-STORE. */
final class DimseClient implements PacsClient {
  enum Retrieve { MOVE, GET }

  // PixelMed logs through SLF4J, off on the command line; where SLF4J ends in java.util.logging this
  // level turns off its INFO chatter for every C-MOVE/C-GET, and its debug lines
  // can quote query identifiers (patient names). Off: our own errors say what failed. Kept in a field
  // so the logger and its level are not garbage collected.
  private static final Logger PIXELMED_LOG = Logger.getLogger("com.pixelmed");

  static {
    PIXELMED_LOG.setLevel(Level.OFF);
  }

  /**
   * C-GET proposes one presentation context per transfer syntax PixelMed knows (its level 4: uncompressed,
   * deflate, RLE, JPEG, JPEG-LS, JPEG 2000, MPEG), so the PACS can send each instance as stored instead of
   * transcoding it.
   */
  private static final int ALL_TRANSFER_SYNTAXES = 4;

  private final PacsConfig c;
  private final Retrieve method;
  private final Consumer<String> log;

  DimseClient(PacsConfig config, Retrieve method, Consumer<String> log) {
    this.c = config;
    this.method = method;
    this.log = log;
  }

  @Override
  public void echo() throws PacsException {
    Deadline.run(c, () -> new VerificationSOPClassSCU(c.host(), c.port(), c.calledAet(), c.callingAet(), false));
  }

  @Override
  public List<PatientMatch> findPatients(QueryFilter f) throws PacsException {
    Map<AttributeTag, String> keys = new LinkedHashMap<>();
    keys.put(TagFromName.PatientName, orEmpty(f.patientName()));
    keys.put(TagFromName.PatientID, orEmpty(f.patientId()));
    keys.put(TagFromName.PatientBirthDate, "");
    keys.put(TagFromName.NumberOfPatientRelatedStudies, "");
    return find("PATIENT", SOPClass.PatientRootQueryRetrieveInformationModelFind, keys).stream()
        .map(l -> new PatientMatch(patient(l), number(l, TagFromName.NumberOfPatientRelatedStudies))).toList();
  }

  @Override
  public List<StudyMatch> findStudies(QueryFilter f) throws PacsException {
    Map<AttributeTag, String> keys = new LinkedHashMap<>();
    keys.put(TagFromName.StudyInstanceUID, orEmpty(f.studyInstanceUid()));
    keys.put(TagFromName.StudyDate, orEmpty(f.studyDate()));
    keys.put(TagFromName.StudyDescription, "");
    keys.put(TagFromName.ModalitiesInStudy, orEmpty(f.modality()));
    keys.put(TagFromName.NumberOfStudyRelatedSeries, "");
    keys.put(TagFromName.NumberOfStudyRelatedInstances, "");
    keys.put(TagFromName.PatientName, orEmpty(f.patientName()));
    keys.put(TagFromName.PatientID, orEmpty(f.patientId()));
    keys.put(TagFromName.PatientBirthDate, "");
    List<StudyMatch> out = new ArrayList<>();
    for (AttributeList l : find("STUDY", SOPClass.StudyRootQueryRetrieveInformationModelFind, keys)) {
      String[] modalities = Attribute.getDelimitedStringValuesOrEmptyString(l, TagFromName.ModalitiesInStudy).split("\\\\");
      out.add(new StudyMatch(s(l, TagFromName.StudyInstanceUID), s(l, TagFromName.StudyDate), s(l, TagFromName.StudyDescription),
          Arrays.stream(modalities).map(String::trim).filter(m -> !m.isEmpty()).toList(),
          number(l, TagFromName.NumberOfStudyRelatedSeries), number(l, TagFromName.NumberOfStudyRelatedInstances), patient(l)));
    }
    return out;
  }

  @Override
  public List<SeriesMatch> findSeries(String study) throws PacsException {
    Map<AttributeTag, String> keys = new LinkedHashMap<>();
    keys.put(TagFromName.StudyInstanceUID, study);
    keys.put(TagFromName.SeriesInstanceUID, "");
    keys.put(TagFromName.Modality, "");
    keys.put(TagFromName.SeriesNumber, "");
    keys.put(TagFromName.SeriesDescription, "");
    keys.put(TagFromName.NumberOfSeriesRelatedInstances, "");
    return find("SERIES", SOPClass.StudyRootQueryRetrieveInformationModelFind, keys).stream()
        .map(l -> new SeriesMatch(study, s(l, TagFromName.SeriesInstanceUID), s(l, TagFromName.Modality),
            s(l, TagFromName.SeriesNumber), s(l, TagFromName.SeriesDescription), number(l, TagFromName.NumberOfSeriesRelatedInstances)))
        .toList();
  }

  /** Instance level, one series at a time: the unique keys of every level above, as the standard asks. */
  @Override
  public List<InstanceRef> findInstances(String study) throws PacsException {
    List<InstanceRef> out = new ArrayList<>();
    for (SeriesMatch series : findSeries(study)) {
      Map<AttributeTag, String> keys = new LinkedHashMap<>();
      keys.put(TagFromName.StudyInstanceUID, study);
      keys.put(TagFromName.SeriesInstanceUID, series.seriesInstanceUid());
      keys.put(TagFromName.SOPInstanceUID, "");
      keys.put(TagFromName.SOPClassUID, "");
      for (AttributeList l : find("IMAGE", SOPClass.StudyRootQueryRetrieveInformationModelFind, keys)) {
        out.add(new InstanceRef(study, InstanceRef.checkUid(series.seriesInstanceUid(), "Series Instance UID"),
            InstanceRef.checkUid(s(l, TagFromName.SOPInstanceUID), "SOP Instance UID"), s(l, TagFromName.SOPClassUID)));
      }
    }
    return out;
  }

  /** Series by series: C-MOVE to our storage SCP, or C-GET on the same association. */
  @Override
  public int retrieve(List<InstanceRef> instances, StudyCache cache) throws PacsException {
    try (StudyCache.Staging staging = cache.staging()) {
      if (method == Retrieve.MOVE) {
        // C-MOVE: the PACS opens the association to us under its own AE title.
        CacheFiler filer = new CacheFiler(cache, instances, c.calledAet(), log);
        try (StorageReceiver receiver = StorageReceiver.start(c, filer, staging.dir())) {
          for (AttributeList id : seriesIdentifiers(instances)) move(id);
          awaitFiled(cache, instances);
        }
        return filed(filer);
      } else {
        // C-GET: the instances come back on the association we opened.
        CacheFiler filer = new CacheFiler(cache, instances, null, log);
        Set<String> sopClasses = new TreeSet<>();
        instances.forEach(r -> sopClasses.add(r.sopClassUid()));
        for (AttributeList id : seriesIdentifiers(instances)) {
          Deadline.run(c, () -> new GetSOPClassSCU(c.host(), c.port(), c.calledAet(), c.callingAet(),
              SOPClass.StudyRootQueryRetrieveInformationModelGet, id, new IdentifierHandler(), staging.dir().toFile(),
              new StagingNames(), filer, sopClasses, ALL_TRANSFER_SYNTAXES, false, true, false));
        }
        return filed(filer);
      }
    } catch (IOException e) {
      throw e instanceof PacsException p ? p : new PacsException("cache " + cache.root() + ": " + e.getMessage(), false, e);
    }
  }

  private static int filed(CacheFiler filer) throws PacsException {
    if (!filer.errors().isEmpty()) throw new PacsException("received files could not be filed: " + filer.errors().get(0), true);
    return filer.received();
  }

  private void move(AttributeList id) throws PacsException {
    int status = Deadline.run(c, () -> new MoveSOPClassSCU(c.host(), c.port(), c.calledAet(), c.callingAet(), c.callingAet(),
        SOPClass.StudyRootQueryRetrieveInformationModelMove, id).getStatus());
    if (status != 0) {
      throw new PacsException("C-MOVE to " + c.callingAet() + " ended with status 0x" + Integer.toHexString(status) + " (does "
          + c.peer() + " know AE " + c.callingAet() + " at this host, port " + c.storagePort() + "?)", true);
    }
  }

  /** PixelMed files the last instance on its own thread, possibly just after the final C-MOVE response. */
  private void awaitFiled(StudyCache cache, List<InstanceRef> instances) throws PacsException {
    long end = System.nanoTime() + Math.min(c.timeout().toNanos(), 5_000_000_000L);
    try {
      while (!cache.missing(instances).isEmpty() && System.nanoTime() < end) Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PacsException("interrupted while receiving", false, e);
    }
  }

  @Override
  public int store(List<Path> files) throws PacsException {
    SetOfDicomFiles set = new SetOfDicomFiles();
    for (Path f : files) {
      try {
        set.add(f.toFile());
      } catch (IOException | RuntimeException e) {
        throw new PacsException(f + ": not a DICOM file that can be sent (" + e.getMessage() + ")", false, e);
      }
    }
    List<String> failed = Collections.synchronizedList(new ArrayList<>());
    int[] done = new int[1];
    MultipleInstanceTransferStatusHandlerWithFileName status = new MultipleInstanceTransferStatusHandlerWithFileName() {
      @Override
      public void updateStatus(int remaining, int completed, int failures, int warnings, String sop, String file, boolean ok) {
        if (ok) done[0]++;
        else failed.add(file);
      }
    };
    boolean trapped = Deadline.run(c, () -> new StorageSOPClassSCU(c.host(), c.port(), c.calledAet(), c.callingAet(), set, 0,
        status).encounteredTrappedExceptions());
    if (!failed.isEmpty() || trapped || done[0] != files.size()) {
      throw new PacsException("C-STORE: " + (failed.isEmpty() ? (files.size() - done[0]) + " of " + files.size() + " files"
          : failed.get(0) + (failed.size() > 1 ? " and " + (failed.size() - 1) + " more" : "")) + " not stored by " + c.peer(), true);
    }
    return done[0];
  }

  private List<AttributeList> seriesIdentifiers(List<InstanceRef> instances) throws PacsException {
    Map<String, String> seriesToStudy = new LinkedHashMap<>();
    instances.forEach(r -> seriesToStudy.put(r.seriesInstanceUid(), r.studyInstanceUid()));
    List<AttributeList> ids = new ArrayList<>();
    for (Map.Entry<String, String> e : seriesToStudy.entrySet()) {
      ids.add(identifier("SERIES", Map.of(TagFromName.StudyInstanceUID, e.getValue(), TagFromName.SeriesInstanceUID, e.getKey())));
    }
    return ids;
  }

  private List<AttributeList> find(String level, String model, Map<AttributeTag, String> keys) throws PacsException {
    AttributeList id = identifier(level, keys);
    List<AttributeList> out = Collections.synchronizedList(new ArrayList<>());
    IdentifierHandler collect = new IdentifierHandler() {
      @Override
      public void doSomethingWithIdentifier(AttributeList l) {
        out.add(l);
      }
    };
    Deadline.run(c, () -> new FindSOPClassSCU(c.host(), c.port(), c.calledAet(), c.callingAet(), model, id, collect));
    return new ArrayList<>(out);
  }

  private static AttributeList identifier(String level, Map<AttributeTag, String> keys) throws PacsException {
    try {
      AttributeList id = new AttributeList();
      id.putNewAttribute(TagFromName.QueryRetrieveLevel).addValue(level);
      for (Map.Entry<AttributeTag, String> k : keys.entrySet()) {
        Attribute a = id.putNewAttribute(k.getKey());
        if (!k.getValue().isEmpty()) a.addValue(k.getValue());
      }
      return id;
    } catch (DicomException e) {
      throw new PacsException("query identifier: " + e.getMessage(), false, e);
    }
  }

  private static Patient patient(AttributeList l) {
    return new Patient(s(l, TagFromName.PatientName), s(l, TagFromName.PatientID), s(l, TagFromName.PatientBirthDate));
  }

  private static int number(AttributeList l, AttributeTag t) {
    return Attribute.getSingleIntegerValueOrDefault(l, t, -1);
  }

  private static String orEmpty(String v) {
    return v == null ? "" : v;
  }

  private static String s(AttributeList l, AttributeTag t) {
    return Attribute.getSingleStringValueOrEmptyString(l, t).trim();
  }
}
