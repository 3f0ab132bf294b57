/**
 * The on-disk form of a fitted {@code stm}: its own files (weights, config, vocabularies, fixed
 * inputs, user histories) inside a model directory of {@link io.strec.model.artifact}, which adds
 * the format file, typed provenance, catalogue and SHA-256 checksums; directories of the older
 * format 1 are still read.
 */
package io.strec.stm.artifact;
