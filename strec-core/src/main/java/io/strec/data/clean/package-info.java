/**
 * Cleaning raw behaviour logs before indexing, as the design document asks (noise, duplicates,
 * missing values): each {@link io.strec.data.clean.CleaningStep} takes a list of {@link
 * io.strec.data.RawEvent}s and returns a new list together with an immutable {@link
 * io.strec.data.clean.StepReport} that counts what it removed or changed, so that nothing is lost
 * silently. The steps are {@link io.strec.data.clean.Deduplicate}, {@link
 * io.strec.data.clean.MissingValues} (configured by a {@link
 * io.strec.data.clean.MissingValuePolicy}) and {@link io.strec.data.clean.KCore}; a {@link
 * io.strec.data.clean.Cleaner} runs them in sequence.
 */
package io.strec.data.clean;
