using System.Net;
using Microsoft.AspNetCore.Identity;
using TrustVault.Core.Email;
using TrustVault.Core.Identity;

namespace TrustVault.Web.Components.Account;

/// <summary>Sends Identity's account e-mails through the platform's one e-mail sender.</summary>
/// <remarks>The Identity pages HTML-encode the links they pass in.</remarks>
internal sealed class IdentityEmailSender(IEmailSender sender) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        Send(email, "Confirm your TrustVault account", $"Please confirm your account by <a href=\"{confirmationLink}\">clicking here</a>.");

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        Send(email, "Reset your TrustVault password", $"Reset your password by <a href=\"{resetLink}\">clicking here</a>.");

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        Send(email, "Reset your TrustVault password", $"Reset your password with this code: {WebUtility.HtmlEncode(resetCode)}");

    private Task Send(string to, string subject, string body) => sender.SendAsync(new EmailMessage(to, subject, body), CancellationToken.None);
}
