/**
 * The pure domain of Hyperblock: values in, values out. No sockets, files, clocks or threads live
 * here, so every algorithm is deterministic and testable without a cluster.
 */
package io.hyperblock.core;
