package io.last9.genai.internal;

/** The library version, reported as the instrumentation scope version. */
public final class Version {

  /** This build's version. */
  public static final String VERSION = "0.1.0";

  private Version() {}
}
