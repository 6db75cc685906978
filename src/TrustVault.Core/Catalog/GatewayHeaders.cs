using System.Collections.Frozen;

namespace TrustVault.Core.Catalog;

/// <summary>
/// The request headers the gateway forwards to a provider's upstream, and so the header parameters of a listing's
/// endpoints a client is offered to fill in: Try it's fields, the code it shows and the Postman export follow this one
/// rule, and the gateway applies the same list. Here with the listings' documents it reads, since the Core gateway
/// depends on the catalog.
/// </summary>
public static class GatewayHeaders
{
    /// <summary>The header the gateway reads a customer's key from (Authorization: Bearer works too).</summary>
    public const string ApiKey = "X-Api-Key";

    /// <summary>
    /// The customer's headers an upstream receives as sent. An allow-list, because the upstream is a third party: whatever
    /// else a customer's client sends (TrustVault's session cookie, the customer's key, hop-by-hop headers, its own
    /// X-Forwarded-For) stays at the gateway.
    /// </summary>
    public static readonly FrozenSet<string> Forwarded = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        // Content negotiation.
        "Accept",
        "Accept-Charset",
        "Accept-Encoding",
        "Accept-Language",
        // The body. Expect too: the forwarder passes a client's 100-continue on, so the body waits for the upstream's go.
        "Content-Type",
        "Content-Encoding",
        "Content-Language",
        "Content-Length",
        "Expect",
        // Conditional requests, caching and ranges.
        "If-Match",
        "If-None-Match",
        "If-Modified-Since",
        "If-Unmodified-Since",
        "If-Range",
        "Cache-Control",
        "Pragma",
        "Range",
        // What an API client states about its call: RFC 7240 preferences, the IETF draft's idempotency key, W3C trace context.
        "User-Agent",
        "Prefer",
        "Idempotency-Key",
        "traceparent",
        "tracestate");

    /// <summary>
    /// Headers a client sets from its own settings, not from a parameter's field: the key (either way the gateway reads
    /// it) and the body's type and length.
    /// </summary>
    public static readonly FrozenSet<string> SetByClient = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, ApiKey, "Authorization", "Content-Type", "Content-Length");

    /// <summary>Whether a header parameter of this name is one a client fills in: the gateway forwards it and the client does not set it itself.</summary>
    public static bool IsFilledIn(string name) => Forwarded.Contains(name) && !SetByClient.Contains(name);
}
