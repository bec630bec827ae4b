/**
 * The metadata state machine on Apache Ratis (DESIGN.md, ADR 0001): a durable Raft log and
 * snapshots under the member's data directory, leader election, and {@link
 * io.hyperblock.server.metadata.ratis.RatisMetadataStore}, the {@link
 * io.hyperblock.server.metadata.MetadataStore} that the services use.
 *
 * <p>The state machine applies {@link io.hyperblock.server.metadata.CommandApplier} to decoded log
 * entries; it adds nothing but persistence, so every rule is tested without Ratis.
 */
package io.hyperblock.server.metadata.ratis;
