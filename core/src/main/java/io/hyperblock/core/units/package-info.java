/** Typed quantities operators type: data sizes ({@code 100GiB}) and durations ({@code 10s}). */
package io.hyperblock.core.units;
