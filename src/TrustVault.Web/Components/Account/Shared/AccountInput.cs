namespace TrustVault.Web.Components.Account.Shared;

/// <summary>What an input inside an <see cref="AccountField{TValue}"/> carries to look and read like MudBlazor's.</summary>
public static class AccountInput
{
    /// <summary>MudBlazor's classes of the input element of an outlined field.</summary>
    public const string Classes = "mud-input-slot mud-input-root mud-input-root-outlined";

    /// <summary>
    /// The longest address mail can deliver to (RFC 5321's 256-character path less its angle brackets); the account
    /// tables hold 256, so a longer one would fail to save instead of being refused.
    /// </summary>
    public const int EmailMaxLength = 254;

    public const string EmailTooLong = "Use an address of at most 254 characters.";

    /// <summary>The element that holds the helper text or the field's errors, for the input's <c>aria-describedby</c>.</summary>
    public static string HelperId(string inputId) => $"{inputId}-helper-text";
}
