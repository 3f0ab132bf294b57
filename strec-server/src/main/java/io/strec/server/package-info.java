/** The HTTP API of strec serve. */
package io.strec.server;
