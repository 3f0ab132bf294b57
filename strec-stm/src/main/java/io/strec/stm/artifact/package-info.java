/**
 * The on-disk form of a fitted {@code stm}: a directory of plain files (weights, config,
 * vocabularies, fixed inputs, user histories, provenance) with SHA-256 checksums that are checked
 * before anything is read back.
 */
package io.strec.stm.artifact;
