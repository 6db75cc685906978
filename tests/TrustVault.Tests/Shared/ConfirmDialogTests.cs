using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Shared;

public sealed class ConfirmDialogTests : MudBunitContext
{
    private IRenderedComponent<MudDialogProvider> Provider { get; }

    public ConfirmDialogTests() => Provider = Render<MudDialogProvider>();

    private IDialogService Dialogs => Services.GetRequiredService<IDialogService>();

    [Fact]
    public async Task It_names_what_will_happen_and_confirms_only_on_the_confirm_button()
    {
        var confirmed = Provider.InvokeAsync(() => ConfirmDialog.ConfirmAsync(Dialogs, "Revoke ci?", "ci stops working now.", "Revoke key"));

        Provider.WaitForAssertion(() => Assert.Equal("ci stops working now.", Provider.Find("[data-testid=confirm-message]").TextContent));
        Assert.Equal("Revoke key", Provider.Find("[data-testid=confirm-ok]").TextContent.Trim());
        Assert.Empty(Provider.FindAll("[data-testid=reason]"));
        Provider.Find("[data-testid=confirm-ok]").Click();

        Assert.True(await confirmed);
    }

    [Fact]
    public void Its_confirm_button_is_red_unless_the_action_is_marked_not_destructive()
    {
        _ = Provider.InvokeAsync(() => ConfirmDialog.ConfirmAsync(Dialogs, "Revoke ci?", "ci stops working now.", "Revoke key"));
        Assert.Contains("mud-button-filled-error", Provider.WaitForElement("[data-testid=confirm-ok]").ClassList);
        Provider.Find("[data-testid=confirm-cancel]").Click();

        _ = Provider.InvokeAsync(() => ConfirmDialog.ConfirmAsync(Dialogs, "Keep Tides?", "Tides renews each month.", "Keep subscription", destructive: false));

        Provider.WaitForAssertion(() => Assert.Equal("Keep subscription", Provider.Find("[data-testid=confirm-ok]").TextContent.Trim()));
        Assert.Contains("mud-button-filled-primary", Provider.Find("[data-testid=confirm-ok]").ClassList);
    }

    [Fact]
    public async Task Cancel_declines()
    {
        var confirmed = Provider.InvokeAsync(() => ConfirmDialog.ConfirmAsync(Dialogs, "Delete?", "The endpoint gets no more events.", "Delete endpoint"));

        Provider.WaitForElement("[data-testid=confirm-cancel]").Click();

        Assert.False(await confirmed);
    }

    [Fact]
    public async Task A_reason_is_required_where_one_is_asked_for()
    {
        var reason = Provider.InvokeAsync(() => ConfirmDialog.AskReasonAsync(Dialogs, "Reject Tides?", "Tides goes back to its provider.", "Reject"));

        Provider.WaitForElement("[data-testid=confirm-ok]").Click();
        Assert.False(reason.IsCompleted);
        Provider.Find("textarea").Input("  Document the endpoints.  ");
        Provider.Find("[data-testid=confirm-ok]").Click();

        Assert.Equal("Document the endpoints.", await reason);
    }
}
