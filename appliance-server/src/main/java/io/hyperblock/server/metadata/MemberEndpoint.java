package io.hyperblock.server.metadata;

/**
 * Where a member of the metadata group serves its client APIs, so that any member can name the
 * leader's address in a redirect.
 *
 * @param memberId the Raft peer id, e.g. {@code n1}
 * @param grpcAddress host:port of its MetadataService
 * @param restAddress host:port of its REST API, or empty when it serves none
 */
public record MemberEndpoint(String memberId, String grpcAddress, String restAddress) {}
