package io.hyperblock.brick.store;

/** System properties Chronicle reads once, when its first class loads; set them before that. */
final class ChronicleSettings {
  private ChronicleSettings() {}

  static void apply() {
    // Chronicle sends usage analytics to a remote server unless this is set: never on a brick.
    System.setProperty("chronicle.analytics.disable", "true");
    // No banner or "announcement" lines in brick logs.
    System.setProperty("chronicle.announcer.disable", "true");
  }
}
