using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TrustVault.Core.Telemetry;

namespace TrustVault.Web.Telemetry;

public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>The standard OpenTelemetry setting; when set, traces and metrics are also pushed there over OTLP.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The framework's in-flight request counts (server and client) and the HTTP client's open connections by state, which
    /// moves between idle and active with every call a pooled connection serves.
    /// </summary>
    public static IReadOnlyList<string> UnreadPerRequestInstruments { get; } =
        ["http.server.active_requests", "http.client.active_requests", "http.client.open_connections"];

    /// <summary>
    /// Metrics (TrustVault's meter, ASP.NET Core, the HTTP client, the runtime) for the /metrics scrape, and, only when
    /// an OTLP endpoint is configured, traces of requests, upstream calls, EF Core commands and jobs. Nothing is sent
    /// anywhere by default; untraced, no span is made.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsEndpointOptions>()
            .BindConfiguration(MetricsEndpointOptions.SectionName)
            .Validate(options => options.IsValid,
                $"{MetricsEndpointOptions.SectionName}:AllowedNetworks must be CIDR networks (10.0.0.0/24) and " +
                $"{MetricsEndpointOptions.SectionName}:Token, when set, at least {MetricsEndpointOptions.MinimumTokenLength} characters.")
            .ValidateOnStart();
        builder.Services.AddSingleton<JobTelemetryFilter>();
        // Replaces Hangfire's default (its process-wide providers), whether AddJobs ran first or not.
        builder.Services.Replace(ServiceDescriptor.Singleton<IJobFilterProvider, AppJobFilterProvider>());

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "trustvault"))
            .WithMetrics(metrics =>
            {
                // ASP.NET Core's request duration and Kestrel's connections by their meters, rather than by the ASP.NET Core
                // instrumentation: that also listens to a dozen more of the framework's meters (routing, the memory pool,
                // Identity, ...), some measured on every request, and wraps every request in a middleware of its own.
                metrics.AddMeter(TrustVaultMetrics.MeterName, "System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                    .AddHttpClientInstrumentation();
                // Measured twice on every request and not among the series docs/operations.md promises: a view that drops
                // every stream of an instrument leaves it disabled at its source, so the framework skips the measurement too.
                foreach (var unread in UnreadPerRequestInstruments)
                {
                    metrics.AddView(unread, MetricStreamConfiguration.Drop);
                }

                metrics
                    // Uncached: each scrape reads the counters as they are (the scrape is cheap and only allowed callers make it).
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(TrustVaultActivities.SourceName)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>/metrics in the Prometheus text format, behind <see cref="MetricsEndpointGuard"/>.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.UseMiddleware<MetricsEndpointGuard>(), optionsName: null);
        return app;
    }
}
