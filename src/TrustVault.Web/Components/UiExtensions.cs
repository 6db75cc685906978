using MudBlazor.Services;
using TrustVault.Web.Components.Account;

namespace TrustVault.Web.Components;

public static class UiExtensions
{
    public static WebApplicationBuilder AddTrustVaultUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication MapTrustVaultUi(this WebApplication app)
    {
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        return app;
    }
}
