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

    /// <summary>To the address an account had: the change is done, so this mail carries no link and asks for nothing.</summary>
    public static EmailMessage EmailChanged(string to, string newAddress) =>
        new EmailBody()
            .Paragraph($"The e-mail address of your TrustVault account was changed from this address to {newAddress}. The account now signs in with the new address, and its mail goes there.")
            .Paragraph("If you did not make this change, someone else has access to your account: contact the TrustVault administrators right away, so that they lock the account and give it back its address.")
            .To(to, "Your TrustVault e-mail address was changed", "Your e-mail address was changed");

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

    public static EmailMessage QuotaReached(string to, string organization, string listingName, string planName, int thresholdPercent, long includedCalls, string nextStep, string? usageUrl) =>
        new EmailBody()
            .Paragraph(string.Create(CultureInfo.InvariantCulture, $"The subscription of {organization} to {listingName} ({planName} plan) has used {thresholdPercent}% of its {includedCalls:N0} included calls this month."))
            .Paragraph(nextStep)
            .LinkOrWords("See the usage", usageUrl, "The calls made so far are in the console under Usage.")
            .To(to, Of(organization, string.Create(CultureInfo.InvariantCulture, $"{listingName}: {thresholdPercent}% of this month's quota used")), string.Create(CultureInfo.InvariantCulture, $"{thresholdPercent}% of your quota used"));

    public static EmailMessage ListingApproved(string to, string organization, string listingName, string? portalUrl) =>
        new EmailBody()
            .Paragraph($"{listingName}, listed by {organization}, passed review and is now published in the TrustVault catalog: customers can find it and subscribe.")
            .LinkOrWords("Open the provider portal", portalUrl, "Its usage, subscribers and earnings show in the provider portal.")
            .To(to, Of(organization, $"{listingName}: listing approved"), "Your listing is live");

    public static EmailMessage ListingRejected(string to, string organization, string listingName, string reason, string? listingUrl) =>
        new EmailBody()
            .Paragraph($"{listingName}, listed by {organization}, did not pass review, for this reason:")
            .Paragraph(reason)
            .LinkOrWords("Change the listing", listingUrl, "Change the listing in the provider portal and submit it again when it is ready.")
            .To(to, Of(organization, $"{listingName}: listing rejected"), "Your listing needs changes");

    public static EmailMessage ListingChangesApproved(string to, string organization, string listingName, string? listingUrl) =>
        new EmailBody()
            .Paragraph($"The changes {organization} proposed to {listingName} passed review and are now live in the TrustVault catalog.")
            .LinkOrWords("Open the listing", listingUrl, "The listing is in the provider portal.")
            .To(to, Of(organization, $"{listingName}: changes approved"), "Your changes are live");

    public static EmailMessage ListingChangesRejected(string to, string organization, string listingName, string reason, string? listingUrl) =>
        new EmailBody()
            .Paragraph($"The changes {organization} proposed to {listingName} did not pass review, for this reason:")
            .Paragraph(reason)
            .Paragraph("The listing stays as it was.")
            .LinkOrWords("Change the listing", listingUrl, "Change it in the provider portal to propose the changes again.")
            .To(to, Of(organization, $"{listingName}: changes rejected"), "Your changes need work");

    public static EmailMessage UpstreamDown(string to, string organization, string listingName, string? upstream, int failedChecks, DateTimeOffset at, string reason) =>
        new EmailBody()
            .Paragraph(string.Create(CultureInfo.InvariantCulture, $"The last {failedChecks} health checks of {listingName}, listed by {organization}, failed; the latest at {at:yyyy-MM-dd HH:mm} UTC, when {reason}."))
            .Facts(("Upstream", upstream ?? "not set"))
            .Paragraph("Calls through the gateway fail until the upstream answers again. You will be told when it does.")
            .To(to, Of(organization, $"{listingName}: upstream is down"), "Your upstream is down");

    public static EmailMessage UpstreamRecovered(string to, string organization, string listingName, string? upstream, DateTimeOffset at, int? statusCode, int minutesDown) =>
        new EmailBody()
            .Paragraph(string.Create(CultureInfo.InvariantCulture, $"{listingName}, listed by {organization}, answered its health check again at {at:yyyy-MM-dd HH:mm} UTC (HTTP {statusCode}), after being down for {minutesDown} minutes."))
            .Facts(("Upstream", upstream ?? "not set"))
            .Paragraph("Calls through the gateway reach it again.")
            .To(to, Of(organization, $"{listingName}: upstream is back up"), "Your upstream is back up");

    public static EmailMessage ListingAnomaly(string to, string organization, string listingName, string metric, string value, string expected, DateTimeOffset intervalStart, string? alertsUrl) =>
        new EmailBody()
            .Paragraph(string.Create(CultureInfo.InvariantCulture, $"The {metric} of {listingName}, listed by {organization}, spiked in the five minutes from {intervalStart:yyyy-MM-dd HH:mm} UTC."))
            .Facts(("Measured", value), ("Expected", expected))
            .LinkOrWords("See the alert", alertsUrl, "The alert and the flagged point on the listing's charts are in the provider portal under Alerts.")
            .To(to, Of(organization, $"{listingName}: {metric} spiked"), "Unusual traffic on your API");

    /// <param name="cardOnFile">The card the payment provider charges, such as "Visa •••• 4242"; null when none is on file.</param>
    public static EmailMessage InvoiceIssued(
        string to, string organization, string number, decimal total, string currency, DateTimeOffset periodStart, string? cardOnFile, string? invoiceUrl) =>
        new EmailBody()
            .Paragraph($"The TrustVault invoice of {organization} for {Month(periodStart)} is ready.")
            .Facts(("Invoice", number), ("Period", Month(periodStart)), ("Total", Money(total, currency)))
            .Paragraph(total == 0
                ? "There is nothing to pay."
                : cardOnFile is null
                    ? "No card is on file, so it is not charged: add a card in the console under Billing, then pay the invoice from its page."
                    : $"It is charged to the {cardOnFile} on file; you will hear from us if the payment fails.")
            .LinkOrWords("View the invoice", invoiceUrl, "The invoice and its lines are in the console under Billing.")
            .To(to, Of(organization, $"TrustVault invoice {number} for {Month(periodStart)}"), "Your invoice");

    public static EmailMessage PaymentFailed(string to, string organization, string number, decimal total, string currency, string reason, string? invoiceUrl) =>
        new EmailBody()
            .Paragraph($"We could not collect the payment of {organization} for invoice {number}: {reason}")
            .Facts(("Invoice", number), ("Total", Money(total, currency)))
            .Paragraph("The subscriptions of the organization are past due and keep working for a short grace period only. Update the card in the console under Billing, then pay the invoice from its page.")
            .LinkOrWords("Pay the invoice", invoiceUrl, "The invoice is in the console under Billing.")
            .To(to, Of(organization, $"Payment failed for TrustVault invoice {number}"), "Your payment failed");

    /// <summary>The subject of a mail about one of the reader's organizations: a member of several tells them apart by it.</summary>
    private static string Of(string organization, string subject) => $"[{organization}] {subject}";

    private static string Month(DateTimeOffset periodStart) => periodStart.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Money(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:0.00} {currency.ToUpperInvariant()}");
}
