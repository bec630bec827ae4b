package io.hyperblock.core.topology;

/** Field checks of one brick, with messages that name the brick and the field. */
final class BrickValidation {
  private BrickValidation() {}

  /** {@code host-path:data-path}, used to name a brick's location in messages. */
  static String where(Brick b) {
    return b.domainPath(DomainLevel.HOST) + ":" + b.path();
  }

  static void check(Brick b, int index) {
    if (b == null) {
      throw new TopologyException("brick #" + index + " is null");
    }
    if (b.id() == null) {
      throw new TopologyException(
          "brick #" + index + " at " + where(b) + " has no id; every brick needs a stable UUID");
    }
    name(b, "datacenter", b.datacenter());
    name(b, "rack", b.rack());
    name(b, "host", b.host());
    if (b.weight() < 0) {
      throw new TopologyException(
          "brick "
              + b.id()
              + " has negative weight "
              + b.weight()
              + "; weight is a capacity, at least 0 (0 takes no placements)");
    }
    if (b.state() == null) {
      throw new TopologyException(
          "brick "
              + b.id()
              + " has no state; use one of "
              + java.util.Arrays.toString(BrickState.values()));
    }
    if (b.path() == null || b.path().isBlank()) {
      throw new TopologyException(
          "brick " + b.id() + " has a blank data path; give the brick's directory on its host");
    }
  }

  private static void name(Brick b, String field, String value) {
    if (value == null || value.isBlank()) {
      throw new TopologyException(
          "brick "
              + b.id()
              + " has a blank "
              + field
              + "; every brick must sit inside a host, a rack and a datacenter");
    }
    if (value.indexOf('/') >= 0) {
      throw new TopologyException(
          "brick "
              + b.id()
              + " has "
              + field
              + " '"
              + value
              + "' containing '/'; names may not contain '/' (it separates domain paths)");
    }
    if (!value.strip().equals(value)) {
      throw new TopologyException(
          "brick " + b.id() + " has " + field + " '" + value + "' with leading or trailing spaces");
    }
  }
}
