package io.strec.encoder.onnx;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a model or tokenizer file comes from: a resource on the class path (the model jars) or a
 * file. Reading a missing one fails with an {@link IOException} that names it.
 */
public final class ModelSource {
  private final String resource;
  private final Path file;

  private ModelSource(String resource, Path file) {
    this.resource = resource;
    this.file = file;
  }

  /** A resource at the root of some jar on the class path, e.g. {@code all-minilm-l6-v2-q.onnx}. */
  public static ModelSource resource(String name) {
    Objects.requireNonNull(name, "resource name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty resource name");
    }
    return new ModelSource(name.startsWith("/") ? name.substring(1) : name, null);
  }

  /** A file on disk. */
  public static ModelSource file(Path path) {
    return new ModelSource(null, Objects.requireNonNull(path, "path"));
  }

  /** The file name without its directory, e.g. {@code all-minilm-l6-v2-q.onnx}. */
  public String fileName() {
    if (file != null) {
      Path name = file.getFileName();
      return name == null ? file.toString() : name.toString();
    }
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  /** Whether the resource or file is there to read. */
  public boolean exists() {
    return file != null ? Files.isRegularFile(file) : loader().getResource(resource) != null;
  }

  /** Opens the bytes; the caller closes the stream. */
  public InputStream open() throws IOException {
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString(), null, "no such file");
      }
      return Files.newInputStream(file);
    }
    InputStream in = loader().getResourceAsStream(resource);
    if (in == null) {
      throw new FileNotFoundException(this + " not found");
    }
    return in;
  }

  /** Reads the whole resource or file. */
  public byte[] readAllBytes() throws IOException {
    try (InputStream in = open()) {
      return in.readAllBytes();
    }
  }

  private static ClassLoader loader() {
    ClassLoader l = ModelSource.class.getClassLoader();
    return l != null ? l : ClassLoader.getSystemClassLoader();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSource m
        && Objects.equals(resource, m.resource)
        && Objects.equals(file, m.file);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resource, file);
  }

  /** {@code class-path resource 'NAME'} or {@code file 'PATH'}. */
  @Override
  public String toString() {
    return file != null ? "file '" + file + "'" : "class-path resource '" + resource + "'";
  }
}
