package io.hyperblock.server.rest;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The VolumeApi contract against the real services over the in-memory metadata store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetadataVolumeApiIT extends VolumeApiContract {

  @Override
  protected ApiServices startServices(Path dir) {
    return MetadataServices.start();
  }
}
