using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace TrustVault.Tests.Infrastructure;

/// <summary>bunit with MudBlazor's services, no transitions and loose JS interop, as MudBlazor's own tests do.</summary>
public abstract class MudBunitContext : BunitContext, IAsyncLifetime
{
    protected MudBunitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Renders <typeparamref name="TPage"/> signed in as <paramref name="userId"/>, with the popovers its menus open in.</summary>
    protected IRenderedComponent<TPage> RenderAs<TPage>(string userId, Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(userId);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        Render<MudPopoverProvider>();
        return Render(parameters);
    }

    // MudBlazor registers services that only dispose asynchronously; xunit 2 would otherwise call Dispose alone.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
