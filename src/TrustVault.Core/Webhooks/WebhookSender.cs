using System.Net.Http.Headers;
using System.Text;
using TrustVault.Core.Webhooks;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Webhooks;

/// <summary>
/// Delivers over <see cref="UpstreamClient"/>: a webhook may reach exactly the addresses a forwarded call may, so a
/// host name that resolves to a private address is refused at connect time, and redirects are not followed.
/// </summary>
internal sealed class WebhookSender(UpstreamClient upstream) : IWebhookSender
{
    public async Task<int> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url)
        {
            Content = new StringContent(request.Body, Encoding.UTF8, "application/json"),
        };
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("TrustVault-Webhooks", "1.0"));
        message.Headers.Add(WebhookHeaders.Signature, request.Signature);
        message.Headers.Add(WebhookHeaders.Timestamp, request.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Headers.Add(WebhookHeaders.EventId, request.EventId);
        message.Headers.Add(WebhookHeaders.EventType, request.EventType);
        using var response = await upstream.Invoker.SendAsync(message, cancellationToken);
        return (int)response.StatusCode;
    }
}
