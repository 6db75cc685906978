using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using TrustVault.Core.Email;

namespace TrustVault.Web.Email;

/// <summary>
/// The absolute links mail carries (confirmation, password reset, invitations). They start with
/// <see cref="EmailOptions.PublicBaseUrl"/>, else with the address the app listens on, never with the request's
/// address: its Host header is the sender's to choose, and a reset asked for with <c>Host: evil.example</c> would mail
/// the account's owner a link that hands the reset code to evil.example.
/// </summary>
public sealed class EmailLinks(IOptions<EmailOptions> options, IServer server)
{
    /// <summary>The absolute link to <paramref name="relativePath"/>, a path of the app without its leading slash.</summary>
    public string To(string relativePath) => NotificationLinks.Absolute(options.Value.PublicBaseUrl ?? Listening(), relativePath);

    /// <summary>Whether <paramref name="value"/> can start links: an absolute http or https address without query or fragment.</summary>
    public static bool IsBaseAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;

    /// <summary>The app's own https address, else its http one, a wildcard host read as localhost (a machine's own browser).</summary>
    private string Listening()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? "http://localhost";
        var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        return uri.Host is "0.0.0.0" or "[::]" ? new UriBuilder(uri) { Host = "localhost" }.Uri.AbsoluteUri : uri.AbsoluteUri;
    }
}
