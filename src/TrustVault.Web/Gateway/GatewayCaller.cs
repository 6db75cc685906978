namespace TrustVault.Web.Gateway;

/// <summary>
/// Who a first-party handler serves: set by <see cref="GatewayPipeline"/> as a request feature once the key and
/// subscription are resolved, so handlers that keep per-tenant state (the privacy budget) know the organization.
/// </summary>
internal sealed record GatewayCaller(Guid OrganizationId, Guid SubscriptionId)
{
    public static GatewayCaller Of(HttpContext context) =>
        context.Features.Get<GatewayCaller>() ?? throw new InvalidOperationException("First-party handlers run behind the gateway, which names the caller.");
}
