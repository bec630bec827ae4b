/** Local shard store of a brick: extent files, per-block CRC32C, change journal. */
package io.hyperblock.brick.store;
