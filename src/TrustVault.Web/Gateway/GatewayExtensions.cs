using Microsoft.Extensions.Diagnostics.HealthChecks;
using TrustVault.Core.Metering;
using TrustVault.Web.Health;

namespace TrustVault.Web.Gateway;

public static class GatewayExtensions
{
    public const string Prefix = "/gw";

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<GatewayEndpoints>();
        builder.Services.AddSingleton<GatewayPipeline>();
        builder.Services.AddSingleton<TryItClient>();
        builder.Services.AddHostedService<MeteringWriterService>();
        builder.Services.AddOptions<UsageJournalOptions>().BindConfiguration(UsageJournalOptions.SectionName)
            .Validate(UsageJournalOptions.IsValid, "Metering:JournalDirectory must be a directory path.").ValidateOnStart();
        builder.Services.AddHealthChecks().AddCheck<UsageJournalHealthCheck>("usage-journal", HealthStatus.Degraded, [HealthExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Runs <see cref="GatewayPipeline"/> in front of the endpoint routing chose under /gw, and the endpoint within it.
    /// The call is answered here, right after routing: the gateway authenticates by API key itself, so the cookie
    /// authentication, authorization and antiforgery middleware that follow have nothing to do for it. The pipeline is a
    /// singleton taken once here, so a forwarded call creates no request service scope.
    /// </summary>
    public static IApplicationBuilder UseGateway(this IApplicationBuilder app)
    {
        var pipeline = app.ApplicationServices.GetRequiredService<GatewayPipeline>();
        return app.Use(next => context =>
            context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<GatewayRoute>() is { } route
                ? pipeline.HandleAsync(context, endpoint, route)
                : next(context));
    }

    /// <summary>/gw/{listing}/{path}: every method and path that no first-party endpoint takes, forwarded to the listing's upstream.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        var pipeline = app.Services.GetRequiredService<GatewayPipeline>();
        app.Map(Prefix + "/{slug}/{**path}", pipeline.ForwardAsync)
            .WithName("Gateway")
            .WithMetadata(new GatewayRoute(IsFirstParty: false))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The route group of a first-party listing, /gw/{slug}: its endpoints are ordinary minimal APIs, answered behind the
    /// gateway step, which names the caller in <see cref="GatewayCaller"/>. A literal path of the group wins over the catch-all.
    /// </summary>
    public static RouteGroupBuilder MapFirstPartyListing(this IEndpointRouteBuilder app, string slug) =>
        app.MapGroup($"{Prefix}/{slug}").WithMetadata(new GatewayRoute(IsFirstParty: true));
}
