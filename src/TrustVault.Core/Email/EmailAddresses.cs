using System.ComponentModel.DataAnnotations;
using TrustVault.Core.Errors;

namespace TrustVault.Core.Email;

/// <summary>
/// What TrustVault takes as an e-mail address, for accounts and invitations alike. Beyond the one "@" that
/// <see cref="EmailAddressAttribute"/> asks for: at most 254 characters (the longest path mail delivers; the account
/// tables hold 256), and no whitespace, control or text-direction characters, which no mail server delivers unquoted
/// and which would show the address as another in lists and mails.
/// </summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    /// <summary>Why <paramref name="address"/> is refused, in the words a form shows; null when it is taken.</summary>
    public static string? Refusal(string address)
    {
        if (address.Length > MaxLength)
        {
            return $"Use an address of at most {MaxLength} characters.";
        }

        if (address.Any(char.IsWhiteSpace) || !DisplayName.IsReadable(address))
        {
            return "Use an address without spaces, line breaks or other control characters.";
        }

        return new EmailAddressAttribute().IsValid(address) ? null : "Enter a valid e-mail address.";
    }
}
