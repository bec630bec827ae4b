package io.hyperblock.brick.registration;

import java.time.Duration;

/**
 * What a brick tells the server about itself, and how often it talks.
 *
 * @param server host:port of the MetadataService (used in messages)
 * @param datacenter failure domain
 * @param rack failure domain
 * @param host failure domain
 * @param address host:port where this brick's BrickService is reachable
 * @param path data directory (informational)
 * @param heartbeatInterval heartbeat period until the server asks for another
 * @param backoffMin first retry delay while the server is unreachable
 * @param backoffMax retry delays double up to this
 * @param rpcTimeout deadline of each registration/heartbeat RPC
 */
public record RegistrationSettings(
    String server,
    String datacenter,
    String rack,
    String host,
    String address,
    String path,
    Duration heartbeatInterval,
    Duration backoffMin,
    Duration backoffMax,
    Duration rpcTimeout) {}
