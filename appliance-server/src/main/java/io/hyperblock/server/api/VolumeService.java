package io.hyperblock.server.api;

import io.hyperblock.core.placement.PlacementMap;
import java.util.List;

/** Volume lifecycle. Mutations are committed through the metadata Raft group. */
public interface VolumeService {

  /**
   * Validates, places every stripe with TopoHash and persists the volume and its placement map.
   *
   * @throws ValidationException bad name, size, policy, or more units than UP bricks
   * @throws ConflictException a volume with this name exists
   * @throws UnavailableException the metadata group cannot commit
   */
  VolumeInfo create(CreateVolumeRequest request);

  /** All volumes, ordered by name. */
  List<VolumeInfo> list();

  /**
   * @throws NotFoundException no such volume
   */
  VolumeInfo get(String name);

  /**
   * Deletes the volume and asks its bricks to free its space.
   *
   * @param force delete even while attached (the attachment is fenced)
   * @throws NotFoundException no such volume
   * @throws ConflictException attached and not forced
   */
  void delete(String name, boolean force);

  /**
   * Grows the volume, placing the new stripes.
   *
   * @throws ValidationException the new size is not larger, or above the maximum
   * @throws NotFoundException no such volume
   */
  VolumeInfo resize(String name, long newSizeBytes);

  /**
   * @throws NotFoundException no such volume
   */
  PlacementMap placement(String name);
}
