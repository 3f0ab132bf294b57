/** Small shared utilities: great-circle geometry. */
package io.strec.util;
