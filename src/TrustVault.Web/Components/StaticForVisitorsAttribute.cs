using Microsoft.AspNetCore.Components;

namespace TrustVault.Web.Components;

/// <summary>
/// A page anonymous visitors browse (home, catalog, a listing): rendered as static server-side HTML for them, so that
/// browsing holds no circuit on the server; signed-in members get it interactive, as every other page
/// (docs/decisions/0031-static-pages-for-visitors.md).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StaticForVisitorsAttribute : Attribute
{
    public static bool Applies(HttpContext context) =>
        context.User.Identity?.IsAuthenticated != true
        && context.GetEndpoint()?.Metadata.GetMetadata<StaticForVisitorsAttribute>() is not null;

    /// <summary>
    /// Whether a component is rendering without a circuit (such a page for a visitor): not interactive and not being
    /// prerendered for an interactive page either, so its forms and links must do the work of its controls' handlers.
    /// </summary>
    public static bool IsStatic(RendererInfo renderer, IComponentRenderMode? assignedRenderMode) =>
        !renderer.IsInteractive && assignedRenderMode is null;
}
