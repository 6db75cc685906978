using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Identity;

namespace TrustVault.Web.Components.Account;

/// <summary>Queues Identity's account e-mails, and the e-mail-change ones Identity has no method for, in the platform's outbox.</summary>
/// <remarks>
/// The Identity pages HTML-encode the links they pass in; the templates encode again, so the links are decoded first.
/// Identity has saved the user before it asks for the mail, so this is a save of its own.
/// </remarks>
internal sealed class IdentityEmailSender(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        QueueAsync(EmailTemplates.ConfirmAccount(email, System.Net.WebUtility.HtmlDecode(confirmationLink)));

    public Task SendEmailChangeLinkAsync(string newEmail, string confirmationLink) =>
        QueueAsync(EmailTemplates.ConfirmEmailChange(newEmail, System.Net.WebUtility.HtmlDecode(confirmationLink)));

    /// <summary>Tells the address an account had that it was moved, so a change the owner did not make does not go unnoticed.</summary>
    public Task SendEmailChangedNoticeAsync(string oldEmail, string newEmail) =>
        QueueAsync(EmailTemplates.EmailChanged(oldEmail, newEmail));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        QueueAsync(EmailTemplates.ResetPassword(email, System.Net.WebUtility.HtmlDecode(resetLink)));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        QueueAsync(EmailTemplates.ResetPasswordCode(email, resetCode));

    private async Task QueueAsync(EmailMessage message)
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.QueueEmail(message, clock.GetUtcNow());
        await db.SaveChangesAsync();
    }
}
