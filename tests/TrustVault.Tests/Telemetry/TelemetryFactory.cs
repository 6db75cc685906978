using Microsoft.AspNetCore.Hosting;
using TrustVault.Tests.Gateway;

namespace TrustVault.Tests.Telemetry;

/// <summary>
/// The gateway's test app with a metrics token configured (/metrics otherwise admits loopback callers only, the
/// default) and a Hangfire job server, whose runs the job filter measures.
/// </summary>
public sealed class TelemetryFactory : GatewayFactory
{
    public const string MetricsToken = "scrape-token-0123456789abcdef";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Telemetry:Metrics:Token", MetricsToken);
        builder.UseSetting("Jobs:RunServer", "true");
    }
}
