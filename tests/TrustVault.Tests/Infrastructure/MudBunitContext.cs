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
        // The pages load from a real database when they initialize, several queries in a row, the first of each compiled
        // then, and their continuations wait for the thread pool, which a full run's parallel classes keep busy. bunit's
        // default of 1 s for a wait is less than a page's first render can take then; a wait that passes returns at once.
        DefaultWaitTimeout = TimeSpan.FromSeconds(30);
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
        SignIn(userId);
        Render<MudPopoverProvider>();
        return Render(parameters);
    }

    /// <summary>Signs in as <paramref name="userId"/>: the last service registered, so a test may read services afterwards.</summary>
    protected void SignIn(string userId)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(userId);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
    }

    // MudBlazor registers services that only dispose asynchronously; xunit 2 would otherwise call Dispose alone.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
