namespace TrustVault.Web.Gateway;

public static class GatewayExtensions
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<GatewayPipeline>();
        builder.Services.AddSingleton<TryItClient>();
        builder.Services.AddHostedService<MeteringWriterService>();
        return builder;
    }

    /// <summary>
    /// /gw/{listing}/{path}: every method, every path, through <see cref="GatewayPipeline"/>. The call is answered
    /// as soon as it is routed: the gateway authenticates by API key itself, so the cookie authentication,
    /// authorization and antiforgery middleware that follow routing have nothing to do for it. The pipeline is a
    /// singleton taken once here, so a forwarded call creates no request service scope.
    /// </summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        var pipeline = app.Services.GetRequiredService<GatewayPipeline>();
        app.Map("/gw/{slug}/{**path}", (HttpContext context, string slug, string? path) => pipeline.HandleAsync(context, slug, path ?? ""))
            .WithName("Gateway")
            .ShortCircuit();
        return app;
    }
}
