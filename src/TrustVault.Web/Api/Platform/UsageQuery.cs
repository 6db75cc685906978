using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using TrustVault.Core.Errors;
using TrustVault.Core.Metering;

namespace TrustVault.Web.Api.Platform;

/// <summary>
/// The drill-down's query string: <c>from</c> and <c>to</c> as UTC days (yyyy-MM-dd, both included; the last 30 days by
/// default), and optionally <c>keyId</c>, <c>listingId</c>, <c>route</c> and <c>statusClass</c> (2xx to 5xx). Read as text, so
/// that every malformed value is a 400 naming its field.
/// </summary>
internal sealed record UsageQuery(
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "keyId")] string? KeyId,
    [FromQuery(Name = "listingId")] string? ListingId,
    [FromQuery(Name = "route")] string? Route,
    [FromQuery(Name = "statusClass")] string? StatusClass)
{
    public const int DefaultDays = 30;

    // Calendar arithmetic on the range (its default start, the day after its end) must stay within DateOnly's years;
    // no call is older than the first day.
    private static readonly DateOnly FirstDay = new(2000, 1, 1);
    private static readonly DateOnly LastDay = new(9998, 12, 31);

    public UsageFilter ToFilter(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var to = Day(To, "to", errors) ?? DateOnly.FromDateTime(now.UtcDateTime);
        var from = Day(From, "from", errors) ?? to.AddDays(1 - DefaultDays);
        var key = Id(KeyId, "keyId", errors);
        var listing = Id(ListingId, "listingId", errors);
        int? statusClass = null;
        try
        {
            statusClass = UsageFilter.ParseStatusClass(StatusClass);
        }
        catch (InvalidInputException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                errors[field] = messages;
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        return new UsageFilter(from, to, key, listing, string.IsNullOrEmpty(Route) ? null : Route, statusClass).Validate(toWasGiven: !string.IsNullOrEmpty(To));
    }

    private static DateOnly? Day(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[field] = ["Write the day as yyyy-MM-dd."];
            return null;
        }

        if (day < FirstDay || day > LastDay)
        {
            errors[field] = [$"Choose a day from {FirstDay:yyyy-MM-dd} to {LastDay:yyyy-MM-dd}."];
            return null;
        }

        return day;
    }

    private static Guid? Id(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        errors[field] = ["Not an id."];
        return null;
    }
}
