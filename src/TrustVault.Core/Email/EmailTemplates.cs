using System.Globalization;

namespace TrustVault.Core.Email;

/// <summary>Every mail the platform sends, worded in one place; each takes plain values and links, <see cref="EmailBody"/> encodes them.</summary>
public static class EmailTemplates
{
    public static EmailMessage ConfirmAccount(string to, string link) =>
        new EmailBody()
            .Paragraph("Welcome to TrustVault. Confirm that this address is yours to finish creating your account.")
            .Button("Confirm your account", link)
            .Paragraph("If you did not sign up, ignore this e-mail: no account is opened without the confirmation.")
            .To(to, "Confirm your TrustVault account", "Confirm your account");

    public static EmailMessage ConfirmEmailChange(string to, string link) =>
        new EmailBody()
            .Paragraph("Someone asked to make this the e-mail address of their TrustVault account, in place of its current one.")
            .Button("Confirm the new address", link)
            .Paragraph("If it was not you, ignore this e-mail: no account uses this address without the confirmation.")
            .To(to, "Confirm your new TrustVault e-mail address", "Confirm your new address");

    public static EmailMessage ResetPassword(string to, string link) =>
        new EmailBody()
            .Paragraph("Someone asked to reset the password of the TrustVault account for this address.")
            .Button("Choose a new password", link)
            .Paragraph("If it was not you, ignore this e-mail: your password stays as it is.")
            .To(to, "Reset your TrustVault password", "Reset your password");

    public static EmailMessage ResetPasswordCode(string to, string code) =>
        new EmailBody()
            .Paragraph("Someone asked to reset the password of the TrustVault account for this address. Enter this code to choose a new one:")
            .Facts(("Code", code))
            .Paragraph("If it was not you, ignore this e-mail: your password stays as it is.")
            .To(to, "Reset your TrustVault password", "Reset your password");

    public static EmailMessage Invitation(string to, string organizationName, string role, string link, int validDays) =>
        new EmailBody()
            .Paragraph($"You have been invited to join {organizationName} on TrustVault as {role}.")
            .Button("Accept the invitation", link)
            .Paragraph(string.Create(CultureInfo.InvariantCulture, $"The invitation is valid for {validDays} days. Sign in (or sign up) with this address to accept it."))
            .To(to, $"You are invited to {organizationName} on TrustVault", $"Join {organizationName}");

    public static EmailMessage QuotaReached(string to, string listingName, string planName, int thresholdPercent, long includedCalls, string nextStep) =>
        new EmailBody()
            .Paragraph(string.Create(CultureInfo.InvariantCulture, $"Your subscription to {listingName} ({planName} plan) has used {thresholdPercent}% of its {includedCalls:N0} included calls this month."))
            .Paragraph(nextStep)
            .To(to, string.Create(CultureInfo.InvariantCulture, $"{listingName}: {thresholdPercent}% of this month's quota used"), string.Create(CultureInfo.InvariantCulture, $"{thresholdPercent}% of your quota used"));

    public static EmailMessage ListingApproved(string to, string listingName) =>
        new EmailBody()
            .Paragraph($"{listingName} passed review and is now published in the TrustVault catalog: customers can find it and subscribe.")
            .Paragraph("Its usage, subscribers and earnings show in the console.")
            .To(to, $"{listingName}: listing approved", "Your listing is live");

    public static EmailMessage ListingRejected(string to, string listingName, string reason) =>
        new EmailBody()
            .Paragraph($"{listingName} did not pass review, for this reason:")
            .Paragraph(reason)
            .Paragraph("Change the listing in the console and submit it again when it is ready.")
            .To(to, $"{listingName}: listing rejected", "Your listing needs changes");

    public static EmailMessage ListingChangesApproved(string to, string listingName) =>
        new EmailBody()
            .Paragraph($"The changes you proposed to {listingName} passed review and are now live in the TrustVault catalog.")
            .To(to, $"{listingName}: changes approved", "Your changes are live");

    public static EmailMessage ListingChangesRejected(string to, string listingName, string reason) =>
        new EmailBody()
            .Paragraph($"The changes you proposed to {listingName} did not pass review, for this reason:")
            .Paragraph(reason)
            .Paragraph("The listing stays as it was. Change it in the console to propose the changes again.")
            .To(to, $"{listingName}: changes rejected", "Your changes need work");

    public static EmailMessage UpstreamDown(string to, string listingName, string? upstream, int failedChecks, DateTimeOffset at, string reason) =>
        new EmailBody()
            .Paragraph(string.Create(CultureInfo.InvariantCulture, $"The last {failedChecks} health checks of {listingName} failed; the latest at {at:yyyy-MM-dd HH:mm} UTC, when {reason}."))
            .Facts(("Upstream", upstream ?? "not set"))
            .Paragraph("Calls through the gateway fail until the upstream answers again. You will be told when it does.")
            .To(to, $"{listingName}: upstream is down", "Your upstream is down");

    public static EmailMessage UpstreamRecovered(string to, string listingName, string? upstream, DateTimeOffset at, int? statusCode, int minutesDown) =>
        new EmailBody()
            .Paragraph(string.Create(CultureInfo.InvariantCulture, $"{listingName} answered its health check again at {at:yyyy-MM-dd HH:mm} UTC (HTTP {statusCode}), after being down for {minutesDown} minutes."))
            .Facts(("Upstream", upstream ?? "not set"))
            .Paragraph("Calls through the gateway reach it again.")
            .To(to, $"{listingName}: upstream is back up", "Your upstream is back up");

    public static EmailMessage ListingAnomaly(string to, string listingName, string metric, string value, string expected, DateTimeOffset intervalStart) =>
        new EmailBody()
            .Paragraph(string.Create(CultureInfo.InvariantCulture, $"The {metric} of {listingName} spiked in the five minutes from {intervalStart:yyyy-MM-dd HH:mm} UTC."))
            .Facts(("Measured", value), ("Expected", expected))
            .Paragraph("The alert and the flagged point on the listing's charts are in the provider portal under Alerts.")
            .To(to, $"{listingName}: {metric} spiked", "Unusual traffic on your API");

    public static EmailMessage InvoiceIssued(string to, string number, decimal total, string currency, DateTimeOffset periodStart) =>
        new EmailBody()
            .Paragraph("Your TrustVault invoice for last month is ready; the card on file is charged for it.")
            .Facts(("Invoice", number), ("Period", periodStart.ToString("MMMM yyyy", CultureInfo.InvariantCulture)), ("Total", Money(total, currency)))
            .Paragraph("The invoice and its lines are in the console under Billing.")
            .To(to, $"TrustVault invoice {number}", "Your invoice");

    public static EmailMessage PaymentFailed(string to, string number, decimal total, string currency, string reason) =>
        new EmailBody()
            .Paragraph($"We could not collect the payment for invoice {number}: {reason}")
            .Facts(("Invoice", number), ("Total", Money(total, currency)))
            .Paragraph("Your subscriptions are past due and keep working for a short grace period only. Update the card in the console under Billing.")
            .To(to, $"Payment failed for TrustVault invoice {number}", "Your payment failed");

    private static string Money(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:0.00} {currency.ToUpperInvariant()}");
}
