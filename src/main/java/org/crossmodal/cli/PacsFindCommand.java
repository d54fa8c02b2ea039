package org.crossmodal.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossmodal.io.Json;
import org.crossmodal.pacs.Pacs;
import org.crossmodal.pacs.PatientMatch;
import org.crossmodal.pacs.QueryFilter;
import org.crossmodal.pacs.SeriesMatch;
import org.crossmodal.pacs.StudyMatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "find", description = "Search the PACS: one line (or JSON object with --json) per study, series or patient.")
final class PacsFindCommand implements Callable<Integer> {
  enum Level { PATIENT, STUDY, SERIES }

  @Mixin PacsOptions connection;

  @Option(names = "--level", defaultValue = "study", paramLabel = "LEVEL", description = "patient, study or series (series needs --study) (default: ${DEFAULT-VALUE})")
  Level level;

  @Option(names = "--patient-id", paramLabel = "ID", description = "a Patient ID (may use * wildcards)") String patientId;

  @Option(names = "--patient-name", paramLabel = "NAME", description = "may use * wildcards") String patientName;

  @Option(names = "--date", paramLabel = "DATE", description = "study date or range, e.g. 20240101-20241231") String date;

  @Option(names = "--modality", paramLabel = "MOD", description = "e.g. US, MR") String modality;

  @Option(names = "--study", paramLabel = "UID", description = "a Study Instance UID") String study;

  @Option(names = "--json", description = "one JSON object per line") boolean json;

  @Option(names = "--show-patient", description = "also print patient names, IDs and birth dates (hidden by default)")
  boolean showPatient;

  @Override
  public Integer call() throws Exception {
    Pacs pacs = new Pacs(connection.config(), Pacs.Method.MOVE, System.err::println);
    QueryFilter filter = new QueryFilter(patientId, patientName, date, modality, study);
    switch (level) {
      case STUDY -> {
        for (StudyMatch s : pacs.findStudies(filter)) {
          print(s.describe(showPatient), String.format("%s  %-8s  %-10s  series=%d  instances=%d%s", s.studyInstanceUid(),
              s.studyDate(), String.join(",", s.modalities()), s.series(), s.instances(),
              showPatient ? "  patient=" + s.patient().id() + " " + s.patient().name() + " " + s.patient().birthDate() : ""));
        }
      }
      case SERIES -> {
        if (study == null) throw new IllegalArgumentException("--level series needs --study UID");
        for (SeriesMatch s : pacs.findSeries(study)) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("studyInstanceUid", s.studyInstanceUid());
          m.put("seriesInstanceUid", s.seriesInstanceUid());
          m.put("modality", s.modality());
          m.put("seriesNumber", s.seriesNumber());
          m.put("description", s.description());
          m.put("instances", s.instances());
          print(m, String.format("%s  %-4s  #%s  instances=%d  %s", s.seriesInstanceUid(), s.modality(), s.seriesNumber(),
              s.instances(), s.description()));
        }
      }
      case PATIENT -> {
        // A patient row is nothing but identifiers: printed only when the user asks for them.
        if (!showPatient) throw new IllegalArgumentException("--level patient prints patient identifiers: add --show-patient");
        for (PatientMatch p : pacs.findPatients(filter)) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("patientId", p.patient().id());
          m.put("patientName", p.patient().name());
          m.put("patientBirthDate", p.patient().birthDate());
          m.put("studies", p.studies());
          print(m, String.format("%s  %s  %s  studies=%d", p.patient().id(), p.patient().name(), p.patient().birthDate(), p.studies()));
        }
      }
    }
    return 0;
  }

  private void print(Map<String, Object> fields, String line) throws Exception {
    System.out.println(json ? Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(fields) : line);
  }
}
