using Microsoft.AspNetCore.Components;
using TrustVault.Core.Organizations;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Components;

/// <summary>
/// A page that shows one organization and acts on it. The current organization is stored per user, so another tab may
/// switch it while this page is open: the page keeps the organization it was loaded for, the one its visitor sees,
/// for its reloads and its actions.
/// </summary>
public abstract class OrganizationPage : ComponentBase
{
    private Guid? shownId;

    [Inject]
    protected CurrentUser CurrentUser { get; set; } = null!;

    /// <summary>
    /// The organization the page shows: the current one when the page first loads, the same one afterwards. Read again
    /// each time, as its name and the user's role in it may have changed.
    /// </summary>
    protected async Task<OrganizationMembership> GetShownOrganizationAsync(CancellationToken cancellationToken)
    {
        var shown = shownId is { } id
            ? await CurrentUser.GetOrganizationAsync(id, cancellationToken)
            : await CurrentUser.GetOrganizationAsync(cancellationToken);
        shownId = shown.OrganizationId;
        return shown;
    }
}
