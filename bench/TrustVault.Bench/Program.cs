using BenchmarkDotNet.Running;
using TrustVault.Bench;

// Load runs take their own arguments; everything else goes to BenchmarkDotNet.
switch (args.FirstOrDefault())
{
    case "metering":
        await MeteringLoad.RunAsync(events: IntArgument(2, 200_000), callers: IntArgument(1, 512));
        break;
    case "metering-postgres":
        await MeteringLoad.RunOnPostgresAsync(events: IntArgument(2, 200_000), callers: IntArgument(1, 512));
        break;
    case "postgres-batches":
        await PostgresBatchShapes.RunAsync(BenchPostgres.Server());
        break;
    case "gateway":
        await GatewayLoad.RunAsync(
            stores: args.Length > 4 ? args[4].Split(',') : [GatewayStore.Sqlite, GatewayStore.Postgres],
            requests: IntArgument(1, 20_000), concurrency: 32, rounds: IntArgument(2, 4), rate: 1_000, paced: 10_000, upstreamMilliseconds: IntArgument(3, 0));
        break;
    case "bare-forward":
        await GatewayLoad.RunBareForwarderAsync(upstreamBase: args[1], address: args[2]);
        break;
    case "paillier-api":
        await PaillierApiLoad.RunAsync(values: IntArgument(1, 10_000), rounds: IntArgument(2, 5));
        break;
    case "forecast-panel":
        ForecastPanel.Run(args.Length > 1 ? args[1] : "bench/forecast", args.Length > 2 ? args[2] : "panel");
        break;
    case "anomalies":
        AnomalyNab.Run(args.Length > 1 ? args[1] : "tests/TrustVault.Tests/Analytics/Data/nab", rounds: IntArgument(2, 51));
        break;
    case "page-memory":
        await PageMemory.RunAsync(circuits: IntArgument(1, 30), views: IntArgument(2, 300));
        break;
    case "forecast-latency":
        ForecastLatency.Run(rounds: IntArgument(1, 51), points: Math.Clamp(IntArgument(2, 1_000), 24, 1_000));
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        break;
}

int IntArgument(int index, int otherwise) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : otherwise;
