using TrustVault.Core.Catalog.Health;

namespace TrustVault.Web.Gateway;

public static class GatewayExtensions
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<UpstreamClient>();
        builder.Services.AddSingleton<IListingHealthProber, UpstreamHealthProber>();
        builder.Services.AddSingleton<GatewayPipeline>();
        builder.Services.AddSingleton<TryItClient>();
        builder.Services.AddHostedService<MeteringWriterService>();
        return builder;
    }

    /// <summary>/gw/{listing}/{path}: every method, every path, through <see cref="GatewayPipeline"/>.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.Map("/gw/{slug}/{**path}", (HttpContext context, string slug, string? path, GatewayPipeline pipeline) =>
                pipeline.HandleAsync(context, slug, path ?? ""))
            .WithName("Gateway")
            .DisableAntiforgery();
        return app;
    }
}
