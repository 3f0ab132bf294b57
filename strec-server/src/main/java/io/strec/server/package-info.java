/** The HTTP API of strec serve, and the web demo at its root that uses it. */
package io.strec.server;
