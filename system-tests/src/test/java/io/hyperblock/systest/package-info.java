/**
 * System tests: the management server, bricks and the CLI as separate JVMs with their own data
 * directories and ephemeral ports on 127.0.0.1, driven the way an operator and a volume client
 * drive them (REST, gRPC, the CLI's exit codes and output).
 *
 * <p>{@link io.hyperblock.systest.JvmProcess} starts and kills one process; {@link
 * io.hyperblock.systest.ProcessCluster} starts a server plus labelled bricks, waits on READY lines
 * and on the REST API, and kills or restarts single members. Waiting is always on a condition with
 * a deadline, never on a fixed sleep.
 */
package io.hyperblock.systest;
