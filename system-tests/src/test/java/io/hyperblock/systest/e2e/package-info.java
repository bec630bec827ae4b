/**
 * End-to-end tests ({@code *E2E}): the whole appliance (server, 6 bricks, NBD bridge, each its own
 * process) driven by real outside NBD clients: {@code qemu-img}, {@code nbdcopy} (libnbd) and
 * {@code fio} with its {@code nbd} engine (Debian qemu-utils, libnbd-bin, fio; {@code
 * .ci/install-deps} installs them).
 */
package io.hyperblock.systest.e2e;
