package org.crossmodal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Hashes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Installs the plugin into a Fiji.app (or an ImageJ 1.54 folder): the plugin jar into
 * {@code plugins/}, its libraries into {@code jars/}. A library the folder already holds in another
 * version is not replaced (Fiji's other plugins were built against Fiji's; Fiji's updater manages
 * them): each such difference is reported with both versions and what was chosen, and a major
 * version apart is flagged. Every file added is listed with its SHA-256 in
 * {@value #RECORD}; {@code --remove} deletes exactly those files (unless changed since) and nothing
 * of Fiji's.
 */
@Command(name = "fiji-install", description = {
    "Install the plugin into Fiji.app (or an ImageJ 1.54 folder): CrossModal_Transfer.jar into plugins/, its libraries into jars/. "
        + "A library Fiji already has in another version is kept as Fiji's and reported; every added file is recorded in "
        + "CrossModal_Transfer.installed.txt.",
    "With --remove: delete exactly the files the installation added (and nothing of Fiji's)."})
final class FijiInstallCommand implements Callable<Integer> {
  static final String RECORD = "CrossModal_Transfer.installed.txt";
  private static final Pattern VERSIONED = Pattern.compile("^(.+?)-(\\d[\\w.+-]*)\\.jar$");
  /** SLF4J bindings: Fiji brings its own, and a second one makes SLF4J complain on every start. */
  private static final List<String> SLF4J_BINDINGS = List.of("slf4j-simple", "logback-classic", "slf4j-jdk14", "slf4j-log4j12",
      "slf4j-reload4j", "log4j-slf4j-impl", "log4j-slf4j2-impl", "slf4j-nop");

  @Parameters(index = "0", paramLabel = "FIJI_DIR", description = "the Fiji.app (or ImageJ) folder; it must exist")
  Path dir;

  @Option(names = "--remove", description = "remove what an earlier installation added, as listed in CrossModal_Transfer.installed.txt")
  boolean remove;

  @Option(names = "--plugin-jar", paramLabel = "JAR", hidden = true, description = "the plugin jar (default: the running one)")
  Path pluginJar;

  @Option(names = "--libs", paramLabel = "DIR", hidden = true, description = "its libraries (default: lib/ beside it)")
  Path libs;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a folder (give the Fiji.app or ImageJ folder)");
    PrintStream out = System.out;
    if (remove) return remove(out) ? 0 : 1;
    Path jar = pluginJar != null ? pluginJar : runningJar();
    Path lib = libs != null ? libs : jar.getParent().resolve("lib");
    if (!Files.isRegularFile(jar)) throw new IOException(jar + ": no plugin jar (build it first: mvn -DskipTests package)");
    if (Files.exists(dir.resolve(RECORD))) {
      out.println("an earlier installation is recorded in " + RECORD + ": removing it first");
      remove(out);
    }
    Map<String, String> added = new LinkedHashMap<>();
    Path plugins = Files.createDirectories(dir.resolve("plugins")), jars = Files.createDirectories(dir.resolve("jars"));
    Path target = plugins.resolve("CrossModal_Transfer.jar");
    copy(jar, target, added);
    out.println("added    plugins/CrossModal_Transfer.jar");
    Map<String, List<Path>> present = present(dir);
    int kept = 0, differ = 0, copied = 0;
    List<Path> libraries;
    try (Stream<Path> s = Files.list(lib)) {
      libraries = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    for (Path l : libraries) {
      String name = l.getFileName().toString();
      Matcher m = VERSIONED.matcher(name);
      String artifact = m.matches() ? m.group(1) : name.replace(".jar", ""), version = m.matches() ? m.group(2) : "?";
      if (artifact.equals("ij")) {
        out.println("skipped  " + name + ": ImageJ itself is the host's" + (present.containsKey("ij") ? " (" + relative(present.get("ij").get(0)) + ")" : ""));
        continue;
      }
      if (artifact.equals("slf4j-simple")) {
        String other = SLF4J_BINDINGS.stream().filter(b -> !b.equals("slf4j-simple") && present.containsKey(b)).findFirst().orElse(null);
        if (other != null) {
          out.println("skipped  " + name + ": the folder logs through its own SLF4J binding (" + relative(present.get(other).get(0)) + ")");
          continue;
        }
      }
      List<Path> theirs = present.getOrDefault(artifact, List.of());
      if (theirs.isEmpty()) {
        copy(l, jars.resolve(name), added);
        copied++;
        continue;
      }
      Path their = theirs.get(0);
      Matcher tm = VERSIONED.matcher(their.getFileName().toString());
      String theirVersion = tm.matches() ? tm.group(2) : "?";
      kept++;
      if (theirVersion.equals(version)) continue;
      differ++;
      boolean major = !majorOf(theirVersion).equals(majorOf(version));
      out.println((major ? "DIFFERS  " : "differs  ") + artifact + ": the folder has " + theirVersion + " (" + relative(their)
          + "), the plugin was built with " + version + "; kept the folder's" + (major ? " (a different major version: if a "
          + "CrossModal command fails naming " + artifact + ", update Fiji or ask us)" : ""));
    }
    StringBuilder record = new StringBuilder("# files added by bin/crossmodal fiji-install; bin/crossmodal fiji-install --remove "
        + "deletes them\n");
    added.forEach((file, sha) -> record.append(sha).append("  ").append(file).append('\n'));
    AtomicFiles.write(dir.resolve(RECORD), record.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.printf("installed: plugins/CrossModal_Transfer.jar and %d libraries in jars/ (%d already there, %d of them in another "
        + "version, listed above); restart Fiji, then Plugins > CrossModal Transfer%n", copied, kept, differ);
    out.println("to remove it: bin/crossmodal fiji-install --remove " + dir + " (deletes the " + added.size() + " files listed in "
        + RECORD + ", nothing else)");
    return 0;
  }

  /** Deletes the recorded files that are unchanged; true when all were. */
  private boolean remove(PrintStream out) throws IOException {
    Path record = dir.resolve(RECORD);
    if (!Files.exists(record)) throw new IOException(record + ": no installation recorded here (nothing removed)");
    int removed = 0, left = 0;
    for (String line : Files.readAllLines(record)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String sha = line.substring(0, line.indexOf(' ')), file = line.substring(line.indexOf(' ')).trim();
      Path p = dir.resolve(file).normalize();
      if (!p.startsWith(dir.normalize())) throw new IOException(record + ": " + file + " is outside " + dir);
      if (!Files.exists(p)) continue;
      if (!Hashes.sha256(p).equals(sha)) {
        out.println("left     " + file + ": changed since it was installed");
        left++;
        continue;
      }
      Files.delete(p);
      removed++;
    }
    Files.delete(record);
    out.println("removed " + removed + " files of CrossModal Transfer" + (left > 0 ? "; left " + left + " changed since" : ""));
    return left == 0;
  }

  private void copy(Path from, Path to, Map<String, String> added) throws IOException {
    Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    added.put(dir.relativize(to).toString().replace('\\', '/'), Hashes.sha256(to));
  }

  /** The jars under jars/ and plugins/ (any depth), by artifact name. */
  private Map<String, List<Path>> present(Path root) throws IOException {
    Map<String, List<Path>> out = new LinkedHashMap<>();
    for (String sub : List.of("jars", "plugins")) {
      Path d = root.resolve(sub);
      if (!Files.isDirectory(d)) continue;
      try (Stream<Path> s = Files.walk(d)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
          Matcher m = VERSIONED.matcher(p.getFileName().toString());
          if (m.matches()) out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(p);
        }
      }
    }
    return out;
  }

  private String relative(Path p) {
    return dir.relativize(p).toString();
  }

  private static String majorOf(String version) {
    return version.split("[.-]")[0];
  }

  private static Path runningJar() throws URISyntaxException {
    return Path.of(FijiInstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
