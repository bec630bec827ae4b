/**
 * The failure-domain tree root -> datacenter -> rack -> host -> brick, as immutable versioned
 * snapshots with weights that roll up.
 */
package io.hyperblock.core.topology;
