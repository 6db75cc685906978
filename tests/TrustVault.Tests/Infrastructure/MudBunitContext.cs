using Bunit;
using Microsoft.Extensions.DependencyInjection;
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

    // MudBlazor registers services that only dispose asynchronously; xunit 2 would otherwise call Dispose alone.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
