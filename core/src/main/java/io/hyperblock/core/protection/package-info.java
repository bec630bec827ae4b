/** Protection policies: replication (copies and quorums) and Reed-Solomon erasure profiles. */
package io.hyperblock.core.protection;
