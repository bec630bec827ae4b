/**
 * Replicated chunk I/O: fan-out writes acknowledged at the write quorum, reads from the first
 * healthy replica or a byte-identical read quorum, and repair of corrupt or divergent replicas.
 */
package io.hyperblock.client.replicated;
