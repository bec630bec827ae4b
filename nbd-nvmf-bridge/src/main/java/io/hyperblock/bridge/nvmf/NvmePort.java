package io.hyperblock.bridge.nvmf;

import java.util.Objects;
import java.util.Set;

/**
 * An nvmet port: where initiators connect. Written to {@code ports/<portId>/addr_*}.
 *
 * @param portId the port's directory name, 1-65535 (the kernel parses it as a 16-bit id)
 * @param traddr transport address: an IP literal the target host owns, such as {@code 10.0.0.5}
 * @param trsvcid transport service id: the TCP port, 1-65535 (4420 is the NVMe/TCP default)
 * @param trtype transport type: {@code tcp}, {@code rdma} or {@code loop}
 * @param adrfam address family: {@code ipv4} or {@code ipv6}
 */
public record NvmePort(int portId, String traddr, int trsvcid, String trtype, String adrfam) {

  /** The IANA port for NVMe/TCP I/O controllers. */
  public static final int NVME_TCP_PORT = 4420;

  private static final Set<String> TRANSPORTS = Set.of("tcp", "rdma", "loop");
  private static final Set<String> FAMILIES = Set.of("ipv4", "ipv6");

  public NvmePort {
    Objects.requireNonNull(traddr, "traddr");
    Objects.requireNonNull(trtype, "trtype");
    Objects.requireNonNull(adrfam, "adrfam");
    if (portId < 1 || portId > 65535) {
      throw new IllegalArgumentException("nvmet port id " + portId + " is outside 1-65535");
    }
    if (trsvcid < 1 || trsvcid > 65535) {
      throw new IllegalArgumentException("trsvcid " + trsvcid + " is not a TCP port (1-65535)");
    }
    if (!TRANSPORTS.contains(trtype)) {
      throw new IllegalArgumentException("trtype '" + trtype + "' is not one of " + TRANSPORTS);
    }
    if (!FAMILIES.contains(adrfam)) {
      throw new IllegalArgumentException("adrfam '" + adrfam + "' is not one of " + FAMILIES);
    }
    boolean looksRight =
        adrfam.equals("ipv4")
            ? traddr.matches("\\d{1,3}(\\.\\d{1,3}){3}")
            : traddr.contains(":") && traddr.matches("[0-9A-Fa-f:.]+");
    if (!looksRight) {
      throw new IllegalArgumentException(
          "traddr '" + traddr + "' is not an " + adrfam + " address literal");
    }
  }

  /** An IPv4 NVMe/TCP port. */
  public static NvmePort tcp(int portId, String ipv4Address, int tcpPort) {
    return new NvmePort(portId, ipv4Address, tcpPort, "tcp", "ipv4");
  }

  /** Directory name under {@code ports/}. */
  String directory() {
    return Integer.toString(portId);
  }
}
