using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using TrustVault.Core.Egress;

namespace TrustVault.Core.Webhooks;

/// <summary>
/// Delivers over <see cref="EgressClient"/>: a webhook may reach exactly the addresses a forwarded call may, so a
/// host name that resolves to a private address is refused at connect time, and redirects are not followed.
/// </summary>
internal sealed class WebhookSender(EgressClient egress) : IWebhookSender
{
    public async Task<int> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url)
        {
            Content = new StringContent(request.Body, Encoding.UTF8, "application/json"),
        };
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("TrustVault-Webhooks", "1.0"));
        message.Headers.Add(WebhookHeaders.Signature, request.Signature);
        message.Headers.Add(WebhookHeaders.Timestamp, request.Timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add(WebhookHeaders.EventId, request.EventId);
        message.Headers.Add(WebhookHeaders.EventType, request.EventType);
        using var response = await egress.Invoker.SendAsync(message, cancellationToken);
        return (int)response.StatusCode;
    }
}
