/**
 * An NBD server (NetworkBlockDevice {@code doc/proto.md}) exporting {@link
 * io.hyperblock.bridge.device.BlockDevice}s by name.
 *
 * <p>Scope: fixed newstyle handshake with {@code NBD_OPT_EXPORT_NAME}, {@code NBD_OPT_GO}, {@code
 * NBD_OPT_INFO}, {@code NBD_OPT_LIST} and {@code NBD_OPT_ABORT}; every other option is answered
 * {@code NBD_REP_ERR_UNSUP} (so no TLS, structured replies, metadata contexts or extended headers).
 * Transmission uses simple replies for READ, WRITE, FLUSH, TRIM, WRITE_ZEROES and DISC, with FUA.
 *
 * <p>Threads: one platform thread accepts; each connection has a virtual reader thread that decodes
 * requests and starts one virtual thread per request, so requests run concurrently and replies go
 * out in completion order, matched by handle, under a per-connection write lock.
 *
 * <p>Bad input: malformed or unsupported options get an option error and the handshake goes on; a
 * request that is well-formed but invalid (out of range, too large, unknown command) gets an error
 * reply and the connection goes on; bytes that break the framing (bad magic, unknown client flags)
 * close that connection. Nothing a client sends reaches the accept loop.
 */
package io.hyperblock.bridge.nbd;
