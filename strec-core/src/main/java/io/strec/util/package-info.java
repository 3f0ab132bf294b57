/**
 * Small shared mechanics that every module uses the same way: great-circle geometry and the Earth
 * radius ({@link io.strec.util.Geo}), atomic file replacement ({@link io.strec.util.AtomicFiles}),
 * closing several resources with suppressed failures ({@link io.strec.util.Closing}), the exception
 * for bad user input ({@link io.strec.util.BadInputException}), progress lines, build facts, and
 * the mark on a deliberate use of an API the build bans ({@link io.strec.util.SuppressForbidden}).
 */
package io.strec.util;
