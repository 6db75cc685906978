using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using MudBlazor.Services;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Layout;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Layout;

public sealed class MainLayoutTests : MudBunitContext
{
    [Fact]
    public void The_theme_toggle_switches_to_dark_and_back_and_remembers_the_choice()
    {
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var layout = Render<MainLayout>(parameters => parameters.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
        var theme = layout.FindComponent<MudThemeProvider>();
        Assert.False(theme.Instance.GetState(t => t.IsDarkMode));

        layout.Find("[data-testid=theme-toggle]").Click();

        Assert.True(theme.Instance.GetState(t => t.IsDarkMode));
        Assert.Equal("dark", JSInterop.VerifyInvoke("trustVault.setTheme").Arguments.Single());
        Assert.Equal("Switch to light theme", layout.Find("[data-testid=theme-toggle]").GetAttribute("aria-label"));

        layout.Find("[data-testid=theme-toggle]").Click();

        Assert.False(theme.Instance.GetState(t => t.IsDarkMode));
        Assert.Equal("light", JSInterop.VerifyInvoke("trustVault.setTheme", calledTimes: 2)[1].Arguments.Single());
    }

    [Fact]
    public void The_navigation_button_says_which_drawer_it_controls_and_whether_it_is_open()
    {
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var layout = Render<MainLayout>(parameters => parameters.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
        var drawerId = layout.Find("[data-testid=nav-drawer]").Id;

        Assert.False(string.IsNullOrEmpty(drawerId));
        Assert.Equal(drawerId, layout.Find("[data-testid=nav-toggle]").GetAttribute("aria-controls"));

        // bunit's screen is narrow, so the drawer starts closed; each press then opens or closes it.
        foreach (var open in new[] { false, true, false })
        {
            Assert.Equal(open ? "true" : "false", layout.Find("[data-testid=nav-toggle]").GetAttribute("aria-expanded"));
            Assert.Contains(open ? "mud-drawer--open" : "mud-drawer--closed", layout.Find("[data-testid=nav-drawer]").ClassList);
            layout.Find("[data-testid=nav-toggle]").Click();
        }
    }

    [Fact]
    public void The_layout_renders_the_page_in_the_main_landmark_inside_the_navigation_shell()
    {
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var layout = Render<MainLayout>(parameters => parameters.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "the page body"))));

        // In the main landmark, which screen readers jump to (axe-core: landmark-one-main).
        Assert.Contains("the page body", layout.Find("main").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(layout.FindAll("[data-testid=nav-menu]"));
        Assert.NotEmpty(layout.FindAll("[data-testid=login-link]"));
        Assert.NotEmpty(layout.FindAll("[data-interactive=true]"));
    }

    [Fact]
    public async Task Escape_cancels_a_dialog()
    {
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var layout = Render<MainLayout>(parameters => parameters.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
        var confirmed = layout.InvokeAsync(() => ConfirmDialog.ConfirmAsync(Services.GetRequiredService<IDialogService>(), "Revoke ci?", "ci stops working now.", "Revoke key"));
        var dialog = layout.WaitForElement(".mud-dialog-container");

        // As MudBlazor's key interceptor reports a key pressed in the dialog.
        await layout.InvokeAsync(() => Services.GetRequiredService<IKeyInterceptorService>()
            .DispatchAsync(dialog.Id!, KeyEventKind.Down, new KeyboardEventArgs { Key = "Escape" }));

        Assert.False(await confirmed.WaitAsync(TimeSpan.FromSeconds(10)));
        layout.WaitForAssertion(() => Assert.Empty(layout.FindAll(".mud-dialog-container")));
    }
}
