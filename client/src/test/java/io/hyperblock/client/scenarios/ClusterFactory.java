package io.hyperblock.client.scenarios;

import io.hyperblock.client.testing.TestCluster;
import io.hyperblock.core.protection.ProtectionPolicy;

/** Makes the cluster a scenario runs on: in-memory bricks or real brick servers. */
@FunctionalInterface
public interface ClusterFactory {
  TestCluster create(ProtectionPolicy policy, long size, long chunkSize, int stripeUnit);
}
