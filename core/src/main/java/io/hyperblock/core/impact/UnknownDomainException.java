package io.hyperblock.core.impact;

import io.hyperblock.core.cluster.PlanningException;

/**
 * The domain named by the operator matches no brick in the topology. Check the spelling against the
 * topology listing; the message shows the accepted forms.
 */
public class UnknownDomainException extends PlanningException {
  private final String domain;

  public UnknownDomainException(String domain, long topologyVersion) {
    super(
        "no datacenter, rack, host or brick '"
            + domain
            + "' in topology version "
            + topologyVersion
            + "; name a domain by its path (dc1, dc1/rackA, dc1/rackA/host3) or a brick by its"
            + " uuid");
    this.domain = domain;
  }

  /** The domain as given. */
  public String domain() {
    return domain;
  }
}
