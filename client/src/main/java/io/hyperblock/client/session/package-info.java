/**
 * One attachment of a volume as the I/O code sees it: {@link
 * io.hyperblock.client.session.VolumeSession} routes (stripe, unit) to a brick channel through the
 * cached placement map, carries the fencing epoch, remembers which units failed (suspects, avoided
 * by reads and reported to the management server once) and whether the client is fenced or crashed.
 */
package io.hyperblock.client.session;
