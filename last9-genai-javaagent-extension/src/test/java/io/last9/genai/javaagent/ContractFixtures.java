/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import io.last9.genai.bridge.BridgeContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;

/**
 * Class files of last9-genai at another bridge contract version than this build's, as an
 * application built against another release would have them: the contract class of any version, or
 * the core without it (a release from before the contract had versions).
 */
public final class ContractFixtures {

  private static final String CONTRACT_CLASS =
      BridgeContract.class.getName().replace('.', '/') + ".class";
  private static final String VERSION_CLASS =
      BridgeContract.Version.class.getName().replace('.', '/') + ".class";

  private ContractFixtures() {}

  /**
   * Writes into {@code dir} a {@code BridgeContract} class (and its {@code Version} annotation)
   * that reports {@code version}, as a build of that version compiles it; returns {@code dir}.
   */
  public static Path contractOfVersion(Path dir, int version) throws IOException {
    new ByteBuddy()
        .subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
        .name(BridgeContract.class.getName())
        .modifiers(Modifier.PUBLIC | Modifier.FINAL)
        .annotateType(
            AnnotationDescription.Builder.ofType(BridgeContract.Version.class)
                .define("value", version)
                .build())
        .defineField(
            "VERSION", int.class, Visibility.PUBLIC, Ownership.STATIC, FieldManifestation.FINAL)
        .value(version)
        .make()
        .saveIn(dir.toFile());
    Path annotation = dir.resolve(VERSION_CLASS);
    Files.write(annotation, ClassFileLocator.ForClassLoader.read(BridgeContract.Version.class));
    return dir;
  }

  /**
   * Copies this build's core (its jar or its classes directory) into {@code dir}, leaving out the
   * contract class and its annotation: the core as a release from before the contract sees it.
   * Returns {@code dir}.
   */
  public static Path coreWithoutContract(Path dir) throws IOException {
    Path core = coreLocation();
    if (Files.isDirectory(core)) {
      copyWithoutContract(core, dir);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(core)) {
        copyWithoutContract(jar.getPath("/"), dir);
      }
    }
    return dir;
  }

  /** Where this build's core is on the tests' class path: a jar or a classes directory. */
  public static Path coreLocation() {
    try {
      return Paths.get(
          BridgeContract.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyWithoutContract(Path root, Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .forEach(
              f -> {
                String name = root.relativize(f).toString().replace('\\', '/');
                if (name.equals(CONTRACT_CLASS) || name.equals(VERSION_CLASS)) {
                  return;
                }
                try {
                  Path target = dir.resolve(name);
                  Files.createDirectories(target.getParent());
                  Files.copy(f, target);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
