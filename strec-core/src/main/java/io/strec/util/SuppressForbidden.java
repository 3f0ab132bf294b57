package io.strec.util;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets the annotated class, method, constructor or field use an API that the build's forbidden-apis
 * check bans (the console, the default charset or locale, ...), because the use is deliberate
 * there: a console entry point printing its product. {@link #reason()} says why, so a reader never
 * has to guess; the check itself reads only the annotation's name (the parent pom's {@code
 * suppressAnnotations}).
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface SuppressForbidden {
  /** Why the banned API is right here, e.g. "the command's report goes to the console". */
  String reason();
}
