package io.strec.app;

import io.strec.model.artifact.ModelProvenance;
import java.nio.file.Path;

/**
 * The model being served.
 *
 * @param version 1 for the model the service started with, then one more for each swap or catalogue
 *     change
 * @param items the catalogue size, including items added while serving
 */
public record ModelInfo(
    String name, long version, Path directory, int items, ModelProvenance provenance) {}
