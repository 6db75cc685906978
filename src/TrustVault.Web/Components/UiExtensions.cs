using Microsoft.AspNetCore.Components.Server.Circuits;
using MudBlazor.Services;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Web.Components.Account;

namespace TrustVault.Web.Components;

public static class UiExtensions
{
    public static WebApplicationBuilder AddTrustVaultUi(this WebApplicationBuilder builder)
    {
        // A field's value reaches the circuit in one message: SignalR's default of 32 KB dropped the connection when an
        // OpenAPI document (up to 2 MB) or a long description was pasted, and the form then saved what it had before.
        // Twice the largest document allows for its escaping in the message.
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(options => options.MaximumReceiveMessageSize = 2 * OpenApiImporter.MaxDocumentBytes);
        builder.Services.AddMudServices();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CircuitBrowser>();
        builder.Services.AddScoped<CircuitHandler>(services => services.GetRequiredService<CircuitBrowser>());
        return builder;
    }

    public static WebApplication MapTrustVaultUi(this WebApplication app)
    {
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        return app;
    }
}
