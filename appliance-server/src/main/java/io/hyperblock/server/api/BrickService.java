package io.hyperblock.server.api;

import java.util.List;

/** Bricks as registered in the topology. */
public interface BrickService {

  /** All bricks, ordered by datacenter, rack, host, id. */
  List<BrickInfo> list();

  /**
   * @param idOrPrefix a brick UUID, or an unambiguous prefix of one (at least 8 characters)
   * @throws NotFoundException no brick matches
   * @throws ValidationException the prefix matches several bricks
   */
  BrickInfo get(String idOrPrefix);
}
