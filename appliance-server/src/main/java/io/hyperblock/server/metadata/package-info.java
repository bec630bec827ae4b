/**
 * The cluster's replicated metadata as pure values: {@link
 * io.hyperblock.server.metadata.MetadataState} (cluster id, topology, brick registrations, volumes,
 * placement maps, attach epochs, brick state transitions), the {@link
 * io.hyperblock.server.metadata.MetadataCommand commands} that change it, the deterministic {@link
 * io.hyperblock.server.metadata.CommandApplier}, and the binary codecs used for Raft log entries
 * and snapshots.
 *
 * <p>Nothing here does I/O, reads a clock or starts a thread: every timestamp and every random id
 * (cluster id, brick id, volume id) is chosen by the proposer and carried inside the command, so
 * replaying the log on any member, with any later code version, yields the same state. Placement
 * maps, in particular, are computed once by the proposer with TopoHash and carried in {@code
 * CreateVolume}/{@code ResizeVolume}; replay never re-runs placement.
 *
 * <p>{@link io.hyperblock.server.metadata.MetadataStore} is how the rest of the server reads the
 * state and proposes commands; {@code metadata.ratis} implements it on an Apache Ratis group.
 */
package io.hyperblock.server.metadata;
