using Microsoft.AspNetCore.Components;
using MudBlazor;
using TrustVault.Core.Email;
using TrustVault.Core.Organizations;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Components;

/// <summary>
/// A page that shows one organization and acts on it. The current organization is stored per user, so another tab may
/// switch it while this page is open: the page keeps the organization it was loaded for, the one its visitor sees,
/// for its reloads and its actions. A link may name the organization to show (<see cref="NotificationLinks.OrganizationQuery"/>).
/// </summary>
public abstract class OrganizationPage : ComponentBase
{
    private Guid? shownId;

    [Inject]
    protected CurrentUser CurrentUser { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>The organization the link that opened the page is about; null for the current one.</summary>
    [SupplyParameterFromQuery(Name = NotificationLinks.OrganizationQuery)]
    public Guid? LinkedOrganizationId { get; set; }

    /// <summary>
    /// The organization the page shows: the one its link names, made current, or else the current one when the page first
    /// loads; the same one afterwards. Read again each time, as its name and the user's role in it may have changed.
    /// </summary>
    protected async Task<OrganizationMembership> GetShownOrganizationAsync(CancellationToken cancellationToken)
    {
        var shown = shownId is { } id
            ? await CurrentUser.GetOrganizationAsync(id, cancellationToken)
            : await LinkedOrCurrentAsync(cancellationToken);
        shownId = shown.OrganizationId;
        return shown;
    }

    private async Task<OrganizationMembership> LinkedOrCurrentAsync(CancellationToken cancellationToken)
    {
        var current = await CurrentUser.GetOrganizationAsync(cancellationToken);
        if (LinkedOrganizationId is not { } linked || linked == current.OrganizationId)
        {
            return current;
        }

        if (await CurrentUser.SwitchForLinkAsync(linked, cancellationToken) is { } switched)
        {
            Snackbar.Add($"You now work in {switched.Name}, which the link is about.", Severity.Info);
            return switched;
        }

        Snackbar.Add($"The link is about an organization you are not a member of: this page shows {current.Name}.", Severity.Warning);
        return current;
    }
}
