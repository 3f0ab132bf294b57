/**
 * Model directories: the on-disk form of any servable model (format version, typed provenance,
 * catalogue, checksums), written atomically and read back through the model's factory.
 */
package io.strec.model.artifact;
