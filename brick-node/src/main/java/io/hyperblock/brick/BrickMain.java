package io.hyperblock.brick;

import io.hyperblock.brick.identity.IdentityException;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.brick.store.StoreConfig;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.core.units.DurationParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hyperblock brick}: runs one brick until it is stopped (SIGTERM/SIGINT close the store
 * cleanly). When serving it prints one line {@code BRICK READY id=<uuid> grpc=<port>
 * metrics=<port>} on stdout.
 *
 * <p>Exit codes: 0 after {@code --help}; 143/130 after SIGTERM/SIGINT (JVM convention; the shutdown
 * hook closes the store first); 1 runtime failure (a port cannot be bound, disk error); 2 invalid
 * command line; 3 the data directory cannot be used (damaged identity, or it belongs to another
 * cluster than the server's).
 */
@Command(
    name = "brick",
    mixinStandardHelpOptions = true,
    description =
        "Runs a Hyperblock brick: serves shard I/O and registers with a management server.",
    sortOptions = false,
    showDefaultValues = true)
public final class BrickMain implements Callable<Integer> {
  static final int EXIT_RUNTIME = 1;
  static final int EXIT_IDENTITY = 3;

  @Option(names = "--data-dir", required = true, description = "Data directory (identity, store).")
  Path dataDir;

  @Option(
      names = "--server",
      required = true,
      description = "Management server MetadataService, host:port (e.g. mgmt1:9200).")
  String server;

  @Option(names = "--dc", defaultValue = "dc1", description = "Datacenter of this brick.")
  String datacenter;

  @Option(names = "--rack", defaultValue = "rack1", description = "Rack of this brick.")
  String rack;

  @Option(names = "--host", defaultValue = "localhost", description = "Host of this brick.")
  String host;

  @Option(
      names = "--capacity",
      defaultValue = "100GiB",
      converter = DataSizeConverter.class,
      description = "Bytes this brick may store (e.g. 100GiB, 512MiB).")
  DataSize capacity;

  @Option(
      names = "--port",
      defaultValue = "9100",
      description = "BrickService port; 0 = ephemeral.")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on.")
  String bind;

  @Option(
      names = "--advertise",
      description =
          "Host other components dial for this brick (default: --bind, or --host when"
              + " binding a wildcard address).")
  String advertise;

  @Option(
      names = "--metrics-port",
      defaultValue = "9101",
      description = "Prometheus /metrics port; 0 = ephemeral, -1 = disabled.")
  int metricsPort;

  @Option(
      names = "--heartbeat-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Heartbeat period until the server asks for another (e.g. 10s, 200ms).")
  Duration heartbeatInterval;

  @Option(
      names = "--registration-backoff-max",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Longest wait between registration attempts while the server is away.")
  Duration backoffMax;

  private final Function<StoreConfig, ShardStore> storeOpener;

  BrickMain(Function<StoreConfig, ShardStore> storeOpener) {
    this.storeOpener = storeOpener;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command; returns the exit code. */
  static int run(String[] args) {
    return new CommandLine(new BrickMain(BrickStores::open)).execute(args);
  }

  BrickConfig config() {
    String advertised = advertise;
    if (advertised == null) {
      advertised = bind.equals("0.0.0.0") || bind.equals("::") ? host : bind;
    }
    Duration backoffMin = BrickConfig.DEFAULT_BACKOFF_MIN;
    if (backoffMax.compareTo(backoffMin) < 0) {
      backoffMin = backoffMax;
    }
    return new BrickConfig(
        dataDir,
        server,
        datacenter,
        rack,
        host,
        capacity,
        bind,
        port,
        metricsPort,
        advertised,
        heartbeatInterval,
        backoffMin,
        backoffMax);
  }

  @Override
  public Integer call() throws Exception {
    BrickServer brick;
    try {
      brick = BrickServer.start(config(), Clock.systemUTC(), storeOpener);
    } catch (IdentityException e) {
      System.err.println("brick: " + e.getMessage());
      return EXIT_IDENTITY;
    } catch (java.io.IOException e) {
      System.err.println("brick: cannot start: " + e.getMessage());
      return EXIT_RUNTIME;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(brick::close, "brick-shutdown"));
    System.out.println(
        "BRICK READY id="
            + brick.brickId()
            + " grpc="
            + brick.grpcPort()
            + " metrics="
            + brick.metricsPort());
    System.out.flush();
    IdentityException reason = brick.stopped().join();
    if (reason != null) {
      System.err.println("brick: " + reason.getMessage());
      return EXIT_IDENTITY;
    }
    return 0;
  }

  /** picocli converter for sizes such as 100GiB. */
  static final class DataSizeConverter implements CommandLine.ITypeConverter<DataSize> {
    @Override
    public DataSize convert(String value) {
      return DataSize.parse(value);
    }
  }

  /** picocli converter for durations such as 10s or 200ms. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return DurationParser.parse(value);
    }
  }
}
