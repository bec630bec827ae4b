package io.hyperblock.bridge;

import io.hyperblock.bridge.nbd.NbdConfig;
import io.hyperblock.bridge.nbd.NbdServer;
import io.hyperblock.bridge.volume.ClusterVolumes;
import io.hyperblock.bridge.volume.VolumeExportResolver;
import io.hyperblock.client.VolumeClientConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hyperblock bridge}: serves the cluster's volumes over NBD (export name = volume name)
 * until stopped. When listening it prints one line {@code BRIDGE READY nbd=<port>} on stdout.
 *
 * <p>On SIGTERM/SIGINT it stops accepting, lets connections answer the requests they have in
 * flight, then detaches every volume it attached (EC commits are sent first).
 *
 * <p>Exit codes: 0 after {@code --help}; 143/130 after SIGTERM/SIGINT (JVM convention); 1 the port
 * cannot be bound; 2 invalid command line.
 */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    description =
        "Exports Hyperblock volumes over NBD. Opening an export attaches its volume (fencing any"
            + " other writer); nbd://HOST:PORT/VOLUME.",
    sortOptions = false,
    showDefaultValues = true)
public final class BridgeMain implements Callable<Integer> {

  static final int EXIT_RUNTIME = 1;

  @Option(
      names = "--server",
      required = true,
      description = "Management server MetadataService, host:port (e.g. 127.0.0.1:9200).")
  String server;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on. NBD has no authentication: bind to a trusted network only.")
  String bind;

  @Option(names = "--port", defaultValue = "10809", description = "NBD port; 0 = ephemeral.")
  int port;

  @Option(
      names = "--max-connections",
      defaultValue = "64",
      description = "NBD connections served at once; further ones are closed at once.")
  int maxConnections;

  @Option(
      names = "--client-id",
      description =
          "Id this bridge attaches volumes under, shown as their holder; keep it stable across"
              + " restarts (default: nbd-bridge@<host name>).")
  String clientId;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BridgeMain()).execute(args));
  }

  NbdConfig nbdConfig() throws UnknownHostException {
    return NbdConfig.defaults()
        .withBindAddress(InetAddress.getByName(bind))
        .withPort(port)
        .withMaxConnections(maxConnections);
  }

  String clientId() {
    if (clientId != null) {
      return clientId;
    }
    try {
      return "nbd-bridge@" + InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "nbd-bridge@localhost";
    }
  }

  @Override
  public Integer call() throws Exception {
    NbdConfig config;
    try {
      config = nbdConfig();
    } catch (IllegalArgumentException | UnknownHostException e) {
      System.err.println("bridge: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    ClusterVolumes cluster = new ClusterVolumes(server, VolumeClientConfig.defaults(clientId()));
    VolumeExportResolver exports = VolumeExportResolver.over(cluster);
    NbdServer nbd = new NbdServer(config, exports);
    try {
      nbd.start();
    } catch (IOException e) {
      System.err.println("bridge: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
      exports.close();
      cluster.close();
      return EXIT_RUNTIME;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  nbd.close();
                  exports.close();
                  cluster.close();
                  stopped.countDown();
                },
                "bridge-shutdown"));
    System.out.println("BRIDGE READY nbd=" + nbd.port() + " server=" + server);
    System.out.flush();
    stopped.await();
    return 0;
  }
}
