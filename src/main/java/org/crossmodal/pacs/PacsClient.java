package org.crossmodal.pacs;

import java.nio.file.Path;
import java.util.List;

/** One way of talking to a PACS (DIMSE or DICOMweb); single attempts, retries are the caller's. */
interface PacsClient {
  void echo() throws PacsException;

  List<PatientMatch> findPatients(QueryFilter filter) throws PacsException;

  List<StudyMatch> findStudies(QueryFilter filter) throws PacsException;

  List<SeriesMatch> findSeries(String studyInstanceUid) throws PacsException;

  List<InstanceRef> findInstances(String studyInstanceUid) throws PacsException;

  /** Fetches the instances into the cache (some already there may come again); returns how many files arrived. */
  int retrieve(List<InstanceRef> instances, StudyCache cache) throws PacsException;

  /** Stores the files on the PACS; returns how many it accepted, or fails naming the first it refused. */
  int store(List<Path> files) throws PacsException;
}
