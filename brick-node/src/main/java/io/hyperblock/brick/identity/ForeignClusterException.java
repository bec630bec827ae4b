package io.hyperblock.brick.identity;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The data directory was formatted for one cluster but the management server serves another.
 * Starting anyway would mix two clusters' shards; the operator must use a fresh directory or point
 * the brick at the right server.
 */
public final class ForeignClusterException extends IdentityException {
  private static final long serialVersionUID = 1L;

  private final UUID directoryCluster;
  private final UUID serverCluster;

  public ForeignClusterException(
      Path dataDir, UUID directoryCluster, String server, UUID serverCluster) {
    super(
        "data directory "
            + dataDir
            + " belongs to cluster "
            + directoryCluster
            + " but the management server at "
            + server
            + " serves cluster "
            + serverCluster
            + "; refusing to start (use a fresh directory or the right server)");
    this.directoryCluster = directoryCluster;
    this.serverCluster = serverCluster;
  }

  public UUID directoryCluster() {
    return directoryCluster;
  }

  public UUID serverCluster() {
    return serverCluster;
  }
}
