/** The application layer: what the command line and the server both call. */
package io.strec.app;
