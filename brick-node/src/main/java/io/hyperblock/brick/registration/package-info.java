/**
 * How a brick makes itself known to the management server: registration (which formats a fresh data
 * directory with the brick and cluster ids the server hands out), the cluster-id check that refuses
 * a directory of another cluster, and periodic heartbeats carrying capacity. The server being away
 * never stops the brick from serving I/O; registration retries with exponential backoff until it
 * answers.
 */
package io.hyperblock.brick.registration;
