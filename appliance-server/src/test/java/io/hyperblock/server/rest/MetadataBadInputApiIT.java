package io.hyperblock.server.rest;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The BadInputApi contract against the real services over the in-memory metadata store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetadataBadInputApiIT extends BadInputApiContract {

  @Override
  protected ApiServices startServices(Path dir) {
    return MetadataServices.start();
  }
}
