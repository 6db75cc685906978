using TrustVault.Core.Errors;

namespace TrustVault.Core.Billing;

/// <summary>
/// The simulated card form of test mode. Numbers follow Stripe's published test cards:
/// 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined; any other number that passes the
/// Luhn check succeeds too. Only brand and last four digits are kept.
/// </summary>
public sealed record TestCard(string Number, int ExpiryMonth, int ExpiryYear, string Cvc)
{
    public const string DeclinedLast4 = "0002";

    /// <summary>The year in full: cards print two digits ("26"), which people type as they read them.</summary>
    public int ExpiryYear { get; init; } = ExpiryYear is >= 0 and < 100 ? 2000 + ExpiryYear : ExpiryYear;

    private const int MaxYearsAhead = 20;

    public string Digits => new(Number.Where(char.IsDigit).ToArray());

    public string Last4 => Digits[^4..];

    public string Brand => Digits[0] switch
    {
        '4' => "Visa",
        '5' => "Mastercard",
        '3' => "Amex",
        _ => "Card",
    };

    /// <summary>Throws with a message per field unless the card could be charged on <paramref name="today"/>.</summary>
    public void Validate(DateTimeOffset today)
    {
        var errors = new Dictionary<string, string[]>();
        if (Number.Any(c => !char.IsDigit(c) && c != ' ' && c != '-') || Digits.Length is < 12 or > 19 || !PassesLuhn(Digits))
        {
            errors["Number"] = ["Enter a valid card number, e.g. 4242 4242 4242 4242."];
        }

        // Each message under the field at fault: the month field is "Expiry", the year field "Year".
        if (ExpiryMonth is < 1 or > 12)
        {
            errors["Expiry"] = ["Enter the expiry month as 1 to 12."];
        }
        else if (ExpiryYear == today.Year && ExpiryMonth < today.Month)
        {
            errors["Expiry"] = ["This card has expired: enter one whose expiry date is still to come."];
        }

        if (ExpiryYear < today.Year)
        {
            errors["Year"] = ["This card has expired: enter one whose expiry date is still to come."];
        }
        else if (ExpiryYear > today.Year + MaxYearsAhead)
        {
            errors["Year"] = [$"Check the year: cards expire within {MaxYearsAhead} years."];
        }

        if (Cvc.Length is < 3 or > 4 || !Cvc.All(char.IsDigit))
        {
            errors["Cvc"] = ["Enter the 3 or 4 digits on the back of the card."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
    }

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }
}
