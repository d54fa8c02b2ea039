package org.crossmodal.pacs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.crossmodal.io.InputFiles;

/**
 * A PACS as the rest of the project sees it: echo, find, retrieve into a local cache, send. Uses
 * DICOMweb when the configuration has a URL, else DIMSE (C-MOVE or C-GET to retrieve). Every
 * operation is retried with backoff as configured; errors name the study and the cause. Log lines
 * carry UIDs and addresses only, never patient identifiers.
 */
public final class Pacs {
  /** How DIMSE retrieves; with DICOMweb it is always WADO-RS. */
  public enum Method { MOVE, GET }

  /** What one retrieve did: instances on the PACS, files transferred now, files that were cached already. */
  public record Retrieval(String studyInstanceUid, Path folder, int instances, int transferred, int alreadyCached) {}

  private final PacsConfig config;
  private final PacsClient client;
  private final Consumer<String> log;

  public Pacs(PacsConfig config, Method method, Consumer<String> log) {
    this.config = config;
    this.client = config.usesDicomWeb() ? new DicomWebClient(config)
        : new DimseClient(config, method == Method.GET ? DimseClient.Retrieve.GET : DimseClient.Retrieve.MOVE, log);
    this.log = log;
    String warning = config.transportWarning();
    if (warning != null) log.accept(warning);
  }

  public PacsConfig config() {
    return config;
  }

  public void echo() throws PacsException {
    Retry.run(config, "echo " + config.peer(), log, () -> {
      client.echo();
      return null;
    });
  }

  public List<PatientMatch> findPatients(QueryFilter filter) throws PacsException {
    return Retry.run(config, "find patients on " + config.peer(), log, () -> client.findPatients(filter));
  }

  public List<StudyMatch> findStudies(QueryFilter filter) throws PacsException {
    return Retry.run(config, "find studies on " + config.peer(), log, () -> client.findStudies(filter));
  }

  public List<SeriesMatch> findSeries(String studyInstanceUid) throws PacsException {
    String study = InstanceRef.checkUid(studyInstanceUid, "Study Instance UID");
    return Retry.run(config, "find series of study " + study, log, () -> client.findSeries(study));
  }

  public List<InstanceRef> findInstances(String studyInstanceUid) throws PacsException {
    String study = InstanceRef.checkUid(studyInstanceUid, "Study Instance UID");
    return Retry.run(config, "find instances of study " + study, log, () -> client.findInstances(study));
  }

  /**
   * Brings a study into {@code CACHE/<StudyUID>/<SeriesUID>/<SOPInstanceUID>.dcm}: lists its instances
   * on the PACS first and transfers only those not cached yet (none when all are there).
   */
  public Retrieval retrieve(String studyInstanceUid, Path cacheDir) throws PacsException {
    String study = InstanceRef.checkUid(studyInstanceUid, "Study Instance UID");
    StudyCache cache = new StudyCache(cacheDir);
    List<InstanceRef> all = findInstances(study);
    if (all.isEmpty()) throw new PacsException("study " + study + ": not found on " + config.peer(), false);
    int cached = all.size() - cache.missing(all).size();
    if (cached == all.size()) {
      log.accept("study " + study + ": all " + all.size() + " instances already in the cache; nothing transferred");
      return new Retrieval(study, cache.studyFolder(study), all.size(), 0, cached);
    }
    int[] transferred = new int[1];
    Retry.run(config, "study " + study, log, () -> {
      transferred[0] += client.retrieve(cache.missing(all), cache);
      int missing = cache.missing(all).size();
      if (missing > 0) {
        throw new PacsException("partial retrieval, " + missing + " of " + all.size() + " instances missing after the transfer", true);
      }
      return null;
    });
    log.accept("study " + study + ": " + transferred[0] + " files transferred, " + cached + " already cached");
    return new Retrieval(study, cache.studyFolder(study), all.size(), transferred[0], cached);
  }

  /**
   * Sends DICOM files (folders: every regular, non-hidden file under them; a link leading out of a
   * folder refuses the whole send, before anything is sent); returns how many were stored.
   */
  public int send(List<Path> filesOrFolders) throws IOException {
    List<Path> files = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Path p : filesOrFolders) {
      if (Files.isDirectory(p)) {
        // A link in the folder that leads out of it is not sent (it could point at any file this user may read).
        for (Path f : InputFiles.regularFiles(p, refused::add)) if (!f.getFileName().toString().startsWith(".")) files.add(f);
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new java.nio.file.NoSuchFileException(p.toString());
      }
    }
    if (!refused.isEmpty()) throw new PacsException("nothing sent: " + String.join("; ", refused), false);
    if (files.isEmpty()) throw new PacsException("nothing to send in " + filesOrFolders, false);
    return Retry.run(config, "send " + files.size() + " files to " + config.peer(), log, () -> client.store(files));
  }
}
