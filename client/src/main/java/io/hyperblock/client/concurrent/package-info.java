/**
 * Non-blocking coordination for the data path: {@link
 * io.hyperblock.client.concurrent.KeyedSerializer} orders operations per key (an EC row, a replica
 * region) without a lock or a blocked thread, and {@link io.hyperblock.client.concurrent.Futures}
 * holds the small combinators the I/O code shares.
 */
package io.hyperblock.client.concurrent;
