package io.hyperblock.core.topology;

/** Levels of the failure-domain tree, from the widest to the narrowest. */
public enum DomainLevel {
  ROOT,
  DATACENTER,
  RACK,
  HOST,
  BRICK
}
