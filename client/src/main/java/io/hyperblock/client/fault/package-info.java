/**
 * Named fault-injection points of the volume client (after Ratis' CodeInjectionForTesting): tests
 * arm a point of one client's {@link io.hyperblock.client.fault.FaultInjection} to simulate the
 * client dying at a precise moment of a write. Disarmed points cost one map lookup.
 */
package io.hyperblock.client.fault;
