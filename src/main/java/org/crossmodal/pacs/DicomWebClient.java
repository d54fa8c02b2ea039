package org.crossmodal.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.crossmodal.io.Json;

/**
 * DICOMweb with java.net.http: QIDO-RS to search, WADO-RS to retrieve one instance at a time, STOW-RS
 * to store. Answers are read up to a bound and no further (a server that sends more is refused):
 * {@value #MAX_BODY_PROPERTY} bytes per instance (default 1 GiB), and at most 64 MiB of JSON.
 * Credentials go in the Authorization header, never in a URL.
 */
final class DicomWebClient implements PacsClient {
  private static final String DICOM_JSON = "application/dicom+json";
  static final String MAX_BODY_PROPERTY = "crossmodal.maxDicomWebBytes";
  private static final long DEFAULT_MAX_BODY = 1L << 30, MAX_JSON = 64L << 20;
  private final PacsConfig c;
  private final HttpClient http;
  private final String base;

  DicomWebClient(PacsConfig config) {
    this.c = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    String url = config.dicomWeb().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void echo() throws PacsException {
    qido("/studies", Map.of("limit", "1"));
  }

  /** QIDO-RS has no patient level: patients are gathered from the matching studies. */
  @Override
  public List<PatientMatch> findPatients(QueryFilter f) throws PacsException {
    Map<String, PatientMatch> byId = new LinkedHashMap<>();
    for (StudyMatch s : findStudies(f)) {
      byId.merge(s.patient().id() + "\u0000" + s.patient().name(), new PatientMatch(s.patient(), 1),
          (a, b) -> new PatientMatch(a.patient(), a.studies() + 1));
    }
    return new ArrayList<>(byId.values());
  }

  @Override
  public List<StudyMatch> findStudies(QueryFilter f) throws PacsException {
    Map<String, String> q = new LinkedHashMap<>();
    put(q, "PatientID", f.patientId());
    put(q, "PatientName", f.patientName());
    put(q, "StudyDate", f.studyDate());
    put(q, "ModalitiesInStudy", f.modality());
    put(q, "StudyInstanceUID", f.studyInstanceUid());
    q.put("includefield", "00081030,00080061,00201206,00201208,00100010,00100020,00100030");
    List<StudyMatch> out = new ArrayList<>();
    for (JsonNode n : qido("/studies", q)) {
      out.add(new StudyMatch(text(n, "0020000D"), text(n, "00080020"), text(n, "00081030"), texts(n, "00080061"),
          number(n, "00201206"), number(n, "00201208"), new Patient(text(n, "00100010"), text(n, "00100020"), text(n, "00100030"))));
    }
    return out;
  }

  @Override
  public List<SeriesMatch> findSeries(String study) throws PacsException {
    List<SeriesMatch> out = new ArrayList<>();
    for (JsonNode n : qido("/studies/" + study + "/series", Map.of("includefield", "0008103E,00201209"))) {
      out.add(new SeriesMatch(study, text(n, "0020000E"), text(n, "00080060"), text(n, "00200011"), text(n, "0008103E"),
          number(n, "00201209")));
    }
    return out;
  }

  @Override
  public List<InstanceRef> findInstances(String study) throws PacsException {
    List<InstanceRef> out = new ArrayList<>();
    for (JsonNode n : qido("/studies/" + study + "/instances", Map.of())) {
      out.add(new InstanceRef(study, InstanceRef.checkUid(text(n, "0020000E"), "Series Instance UID"),
          InstanceRef.checkUid(text(n, "00080018"), "SOP Instance UID"), text(n, "00080016")));
    }
    return out;
  }

  /** One WADO-RS request per instance, as stored on the PACS ({@code transfer-syntax=*}: no transcoding). */
  @Override
  public int retrieve(List<InstanceRef> instances, StudyCache cache) throws PacsException {
    int n = 0;
    for (InstanceRef r : instances) {
      HttpResponse<byte[]> rsp = send(HttpRequest.newBuilder(uri("/studies/" + r.studyInstanceUid() + "/series/"
          + r.seriesInstanceUid() + "/instances/" + r.sopInstanceUid(), Map.of()))
          .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*").GET(), maxBody());
      List<byte[]> parts = Multipart.parse(rsp.body(), Multipart.boundary(rsp.headers().firstValue("Content-Type").orElse(null)));
      if (parts.size() != 1) throw new PacsException("WADO-RS sent " + parts.size() + " parts for one instance", true);
      try {
        cache.write(r, parts.get(0));
      } catch (PacsException e) {
        throw e;
      } catch (IOException e) {
        throw new PacsException("cache " + cache.root() + ": " + e.getMessage(), false, e);
      }
      n++;
    }
    return n;
  }

  /** STOW-RS of all files in one multipart request; the PACS's answer lists any instance it refused. */
  @Override
  public int store(List<Path> files) throws PacsException {
    List<byte[]> bodies = new ArrayList<>();
    for (Path f : files) {
      try {
        bodies.add(Files.readAllBytes(f));
      } catch (IOException e) {
        throw new PacsException(f + ": cannot be read (" + e.getMessage() + ")", false, e);
      }
    }
    String boundary = "crossmodal-" + UUID.randomUUID();
    HttpResponse<byte[]> rsp = send(HttpRequest.newBuilder(uri("/studies", Map.of()))
        .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
        .header("Accept", DICOM_JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(Multipart.build(bodies, boundary, "application/dicom"))), maxJson());
    JsonNode answer = json(rsp.body());
    int failed = answer.path("00081198").path("Value").size();
    int stored = answer.path("00081199").path("Value").size();
    if (failed > 0 || stored != files.size()) {
      throw new PacsException("STOW-RS: " + (files.size() - stored) + " of " + files.size() + " files not stored by " + c.peer(), true);
    }
    return stored;
  }

  private JsonNode qido(String path, Map<String, String> query) throws PacsException {
    HttpResponse<byte[]> rsp = send(HttpRequest.newBuilder(uri(path, query)).header("Accept", DICOM_JSON).GET(), maxJson());
    if (rsp.statusCode() == 204 || rsp.body().length == 0) return Json.MAPPER.createArrayNode();
    return json(rsp.body());
  }

  /** The most an instance's answer may hold ({@value #MAX_BODY_PROPERTY}, default 1 GiB; at most what a byte array holds). */
  static long maxBody() {
    return Math.min(Integer.MAX_VALUE - 8L, Math.max(1, Long.getLong(MAX_BODY_PROPERTY, DEFAULT_MAX_BODY)));
  }

  private static long maxJson() {
    return Math.min(MAX_JSON, maxBody());
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request, long limit) throws PacsException {
    if (c.auth() != null) request.header("Authorization", c.auth().header());
    HttpRequest r = request.timeout(c.timeout()).build();
    HttpResponse<byte[]> rsp;
    try {
      rsp = http.send(r, info -> new LimitedBody(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1)));
    } catch (LimitedBody.TooLarge e) {
      throw new PacsException(r.method() + " " + r.uri().getPath() + ": " + e.getMessage(), false, e);
    } catch (HttpTimeoutException e) {
      throw new PacsException("no answer from " + c.peer() + " within " + c.timeout().toMillis() / 1000.0 + " s (timeout)", true, e);
    } catch (ConnectException e) {
      throw new PacsException("connection refused by " + c.dicomWeb().getHost() + ":" + c.dicomWeb().getPort()
          + " (is the DICOMweb server running?)", true, e);
    } catch (IOException e) {
      if (e.getCause() instanceof LimitedBody.TooLarge t) {
        throw new PacsException(r.method() + " " + r.uri().getPath() + ": " + t.getMessage(), false, e);
      }
      throw new PacsException(r.method() + " " + r.uri().getPath() + ": " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PacsException("interrupted while waiting for " + c.peer(), false, e);
    }
    int code = rsp.statusCode();
    if (code >= 300 && !(code == 409 || code == 202)) {
      // 5xx, 408 and 429 may pass; any other 4xx will not.
      throw new PacsException(r.method() + " " + r.uri().getPath() + ": HTTP " + code, code >= 500 || code == 408 || code == 429);
    }
    return rsp;
  }

  private URI uri(String path, Map<String, String> query) {
    String q = query.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return URI.create(base + path + (q.isEmpty() ? "" : "?" + q));
  }

  private static JsonNode json(byte[] body) throws PacsException {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new PacsException("the DICOMweb answer is not JSON (" + e.getMessage() + ")", true, e);
    }
  }

  private static void put(Map<String, String> q, String key, String value) {
    if (value != null) q.put(key, value);
  }

  /** The first value of a DICOM JSON attribute; person names as their alphabetic form. */
  private static String text(JsonNode n, String tag) {
    JsonNode v = n.path(tag).path("Value").path(0);
    if (v.isObject()) return v.path("Alphabetic").asText("");
    return v.isMissingNode() || v.isNull() ? "" : v.asText();
  }

  private static List<String> texts(JsonNode n, String tag) {
    List<String> out = new ArrayList<>();
    n.path(tag).path("Value").forEach(v -> out.add(v.asText()));
    return out;
  }

  private static int number(JsonNode n, String tag) {
    JsonNode v = n.path(tag).path("Value").path(0);
    return v.isMissingNode() ? -1 : v.asInt(-1);
  }

  /** Collects a response body up to {@code limit} bytes; beyond that (or a larger Content-Length) it stops reading and fails. */
  static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    static final class TooLarge extends IOException {
      TooLarge(String message) {
        super(message);
      }
    }

    private final long limit, declared;
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    private final java.util.concurrent.CompletableFuture<byte[]> result = new java.util.concurrent.CompletableFuture<>();
    private java.util.concurrent.Flow.Subscription subscription;

    LimitedBody(long limit, long declared) {
      this.limit = limit;
      this.declared = declared;
    }

    @Override
    public java.util.concurrent.CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      if (declared > limit) {
        s.cancel();
        result.completeExceptionally(new TooLarge("the answer announces " + declared + " bytes, more than the " + limit
            + " bytes accepted (" + MAX_BODY_PROPERTY + "); refused"));
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<java.nio.ByteBuffer> items) {
      if (result.isDone()) return;
      for (java.nio.ByteBuffer b : items) {
        if (out.size() + (long) b.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge("the answer is larger than the " + limit + " bytes accepted ("
              + MAX_BODY_PROPERTY + "); refused after reading that much"));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }
}
