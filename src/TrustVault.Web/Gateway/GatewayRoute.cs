namespace TrustVault.Web.Gateway;

/// <summary>
/// Metadata of every endpoint under /gw, which the gateway step runs in front of: a first-party listing's own endpoint,
/// or the catch-all that forwards the calls of every other path to its listing's upstream.
/// </summary>
internal sealed record GatewayRoute(bool IsFirstParty);
