package io.hyperblock.server.rest;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The MalformedRequestApi contract against the real services over the in-memory metadata store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetadataMalformedRequestApiIT extends MalformedRequestApiContract {

  @Override
  protected ApiServices startServices(Path dir) {
    return MetadataServices.start();
  }
}
