using System.ComponentModel.DataAnnotations;
using TrustVault.Core.Errors;

namespace TrustVault.Core.Email;

/// <summary>
/// What TrustVault takes as an e-mail address, for accounts and invitations alike. Beyond the one "@" that
/// <see cref="EmailAddressAttribute"/> asks for: at most 254 characters (the longest path mail delivers; the account
/// tables hold 256), no whitespace, control or text-direction characters, which no mail server delivers unquoted
/// and which would show the address as another in lists and mails, and a domain of at least two labels (example.com):
/// a single-label domain such as "b" in "a@b" is no internet mail domain, so mail sent to it never arrives.
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

        if (!new EmailAddressAttribute().IsValid(address))
        {
            return "Enter a valid e-mail address.";
        }

        var domain = address[(address.LastIndexOf('@') + 1)..];
        return domain.Split('.') is { Length: >= 2 } labels && labels.All(label => label.Length > 0)
            ? null
            : "Enter the whole address, with a domain such as example.com after the @.";
    }
}
