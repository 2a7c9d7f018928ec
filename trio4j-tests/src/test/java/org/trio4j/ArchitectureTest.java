package org.trio4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering honest (Trio's test_exports, STYLE.md): only the core packages may reach into
 * {@code org.trio4j.internal}, and the module exports only the public packages.
 */
class ArchitectureTest {
  private static final String INTERNAL = "org.trio4j.internal";
  private static final Pattern PACKAGE =
      Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern INTERNAL_USE =
      Pattern.compile("\\borg\\.trio4j\\.internal\\b(?:\\.[\\w.]+)?");

  /** The packages allowed to use org.trio4j.internal: the core, its low-level API, itself. */
  private static boolean mayUseInternal(String pkg) {
    return pkg.equals("org.trio4j")
        || pkg.equals("org.trio4j.lowlevel")
        || pkg.equals(INTERNAL)
        || pkg.startsWith(INTERNAL + ".");
  }

  /**
   * Returns the uses of org.trio4j.internal in {@code source} that its package may not make (an
   * import or a fully qualified name; comments included, to keep the check simple and strict).
   */
  static List<String> violations(String fileName, String source) {
    Matcher pm = PACKAGE.matcher(source);
    String pkg = pm.find() ? pm.group(1) : "";
    List<String> out = new ArrayList<>();
    if (mayUseInternal(pkg)) {
      return out;
    }
    Matcher m = INTERNAL_USE.matcher(source);
    while (m.find()) {
      out.add(fileName + " (package " + pkg + ") uses " + m.group());
    }
    return out;
  }

  /**
   * Finds {@code relative} (a path inside the trio4j library module) from the test's working
   * directory: Surefire runs in trio4j-tests, an IDE may run in the repository root.
   */
  private static Optional<Path> inLibraryModule(String relative) {
    Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      for (Path candidate :
          List.of(
              d.resolve("trio4j").resolve(relative),
              d.resolveSibling("trio4j").resolve(relative))) {
        if (Files.exists(candidate)) {
          return Optional.of(candidate.normalize());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * No package but org.trio4j, org.trio4j.lowlevel and org.trio4j.internal refers to
   * org.trio4j.internal: high-level packages (sync, channel, stream, net, tls, thread...) are built
   * on the public low-level API only.
   */
  @Test
  void onlyTheCorePackagesUseInternal() throws IOException {
    // The checker itself must be able to fail, or this test could not.
    assertFalse(
        violations(
                "Sample.java",
                "package org.trio4j.channel;\nimport org.trio4j.internal.Runner;\nclass Sample {}")
            .isEmpty());
    assertFalse(
        violations(
                "Sample.java",
                "package org.trio4j.sync;\nclass S { org.trio4j.internal.TaskImpl t; }")
            .isEmpty());
    assertTrue(
        violations(
                "Sample.java", "package org.trio4j.lowlevel;\nimport org.trio4j.internal.Runner;")
            .isEmpty());

    Path sources =
        inLibraryModule("src/main/java")
            .orElseThrow(
                () ->
                    new AssertionError(
                        "cannot find trio4j/src/main/java from " + System.getProperty("user.dir")));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertTrue(
        files.stream().anyMatch(p -> p.endsWith(Paths.get("org", "trio4j", "Trio.java"))),
        "the scan did not find the core sources in " + sources);
    List<String> bad = new ArrayList<>();
    TreeMap<String, Integer> perPackage = new TreeMap<>();
    for (Path f : files) {
      String src = Files.readString(f);
      Matcher pm = PACKAGE.matcher(src);
      perPackage.merge(pm.find() ? pm.group(1) : "(module-info)", 1, Integer::sum);
      bad.addAll(violations(sources.relativize(f).toString(), src));
    }
    assertTrue(perPackage.containsKey(INTERNAL), "no internal package found: " + perPackage);
    assertEquals(List.of(), bad, "packages scanned: " + perPackage);
  }

  /**
   * The module descriptor of org.trio4j exports every package but the internal ones, to everyone,
   * and requires nothing but JDK modules: java.base, jdk.unsupported (sun.misc.Signal for Ctrl-C)
   * and jdk.jfr (the JFR events).
   */
  @Test
  void moduleExportsOnlyThePublicPackages() throws IOException, URISyntaxException {
    ModuleDescriptor descriptor = readTrio4jDescriptor();
    assertEquals("org.trio4j", descriptor.name());
    Set<String> exported = new TreeSet<>();
    for (ModuleDescriptor.Exports e : descriptor.exports()) {
      assertFalse(e.isQualified(), "qualified export " + e);
      exported.add(e.source());
    }
    Set<String> publicPackages = new TreeSet<>();
    for (String pkg : descriptor.packages()) {
      if (!pkg.equals(INTERNAL) && !pkg.startsWith(INTERNAL + ".")) {
        publicPackages.add(pkg);
      }
    }
    assertTrue(
        exported.containsAll(Set.of("org.trio4j", "org.trio4j.lowlevel")), exported.toString());
    assertEquals(publicPackages, exported, "exactly the non-internal packages are exported");
    assertTrue(descriptor.opens().isEmpty(), "opens " + descriptor.opens());
    Set<String> required =
        descriptor.requires().stream()
            .map(ModuleDescriptor.Requires::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(required.contains("java.base"), required.toString());
    required.remove("java.base");
    required.remove("jdk.unsupported");
    required.remove("jdk.jfr");
    assertEquals(Set.of(), required, "the library may depend on nothing but the JDK");
  }

  /**
   * Reads trio4j's compiled module-info.class: from trio4j/target/classes if it is there, otherwise
   * from wherever the org.trio4j classes on the test class path come from (a jar or a directory).
   */
  private static ModuleDescriptor readTrio4jDescriptor() throws IOException, URISyntaxException {
    Optional<Path> compiled = inLibraryModule("target/classes/module-info.class");
    if (compiled.isPresent()) {
      try (InputStream in = Files.newInputStream(compiled.get())) {
        return ModuleDescriptor.read(in);
      }
    }
    Path location =
        Paths.get(Trio.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Optional<ModuleReference> ref = ModuleFinder.of(location).find("org.trio4j");
    assertTrue(ref.isPresent(), "no org.trio4j module at " + location);
    ModuleDescriptor d = ref.get().descriptor();
    assertNotNull(d);
    return d;
  }
}
