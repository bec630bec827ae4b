/** Test fixtures shared by the server's unit tests: a settable clock and seeded clusters. */
package io.hyperblock.server.testing;
