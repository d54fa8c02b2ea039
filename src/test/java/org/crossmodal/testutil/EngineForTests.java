package org.crossmodal.testutil;

import org.crossmodal.model.Engines;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the deep-learning engine once per test JVM, before any test, with {@link #THREADS} threads.
 * The engine takes its thread count from whoever starts it first and keeps it for the JVM's life, and
 * a different count sums in a different order: without this, a test comparing models bit for bit
 * would depend on which test happened to run first (registered in
 * META-INF/services/org.junit.platform.launcher.LauncherSessionListener, so surefire and the mutation
 * runs use it alike). Tests that start a command line in a JVM of their own give it the same count
 * ({@link CliProcess}).
 */
public final class EngineForTests implements LauncherSessionListener {
  /** The engine threads of every test JVM: the configurations' default. */
  public static final int THREADS = 2;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    Engines.pytorch(THREADS);
  }
}
