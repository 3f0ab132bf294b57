package io.strec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The {@code strec} command binds one SLF4J provider on purpose (slf4j-simple, configured by {@code
 * simplelogger.properties}), so that no library prints "No SLF4J providers were found" and STREC's
 * own INFO lines reach stderr while DJL, Jetty and Javalin speak only from WARN up.
 */
class LoggingTest {
  @Test
  void slf4jSimpleIsTheProviderAndLibrariesAreQuiet() {
    assertEquals(
        "org.slf4j.simple.SimpleLoggerFactory",
        LoggerFactory.getILoggerFactory().getClass().getName());
    assertTrue(LoggerFactory.getLogger("io.strec.server.StrecServer").isInfoEnabled());
    assertTrue(!LoggerFactory.getLogger("ai.djl.pytorch.engine.PtEngine").isInfoEnabled());
    assertTrue(!LoggerFactory.getLogger("org.eclipse.jetty.server.Server").isInfoEnabled());
    assertTrue(LoggerFactory.getLogger("org.eclipse.jetty.server.Server").isWarnEnabled());
  }
}
