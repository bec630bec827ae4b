package io.hyperblock.server.api;

/** The named volume, brick or plan does not exist. REST: 404. */
public class NotFoundException extends HyperblockException {
  private final String kind;
  private final String name;

  public NotFoundException(String kind, String name) {
    super(kind + " '" + name + "' does not exist");
    this.kind = kind;
    this.name = name;
  }

  /** "volume", "brick", ... */
  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }
}
