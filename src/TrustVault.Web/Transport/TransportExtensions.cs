using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace TrustVault.Web.Transport;

public static class TransportExtensions
{
    public static WebApplicationBuilder AddTransport(this WebApplicationBuilder builder)
    {
        var production = builder.Environment.IsProduction();
        builder.Services.AddOptions<TransportOptions>()
            .Configure(options => options.RequireHttpsOnApis = production)
            .BindConfiguration(TransportOptions.SectionName)
            .Validate(options => options.IsValid, "Transport:KnownProxies must be IP addresses and Transport:KnownNetworks CIDR networks (10.0.0.0/24).")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TransportOptions>>((forwarded, transport) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the listed proxies, not the loopback ones trusted by default; every listed hop is unwound, up to the first unknown one.
            forwarded.ForwardLimit = null;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in transport.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in transport.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        builder.Services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<TransportOptions>>((redirection, transport) =>
        {
            // Behind a TLS proxy the app listens on HTTP only, so the redirect finds no HTTPS port of its own and lets every
            // page through: the proxy's is the standard port, unless ASPNETCORE_HTTPS_PORT names another.
            if (transport.Value.TrustsProxies && builder.Configuration["HTTPS_PORT"] is null)
            {
                redirection.HttpsPort = 443;
            }
        });
        return builder;
    }

    /// <summary>
    /// Forwarded headers first, so that the scheme is the client's; then the APIs' HTTPS requirement; then HSTS and
    /// the redirect to HTTPS, which only pages get.
    /// </summary>
    public static WebApplication UseTransport(this WebApplication app)
    {
        var transport = app.Services.GetRequiredService<IOptions<TransportOptions>>().Value;
        if (transport.TrustsProxies)
        {
            app.UseForwardedHeaders();
        }

        if (transport.RequireHttpsOnApis)
        {
            app.UseMiddleware<ApiHttpsRequirement>();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseWhen(context => !ApiHttpsRequirement.IsApi(context.Request.Path), pages => pages.UseHttpsRedirection());
        }

        return app;
    }
}
