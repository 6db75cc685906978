using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace TrustVault.Web.Components.Account;

/// <summary>The Identity token in an account e-mail's link (confirm address, reset password, change address), made safe for a query string.</summary>
internal static class AccountLinkCode
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>
    /// The token in <paramref name="code"/>, or false when it is not one we encoded: a mail client that cuts or rewraps a
    /// link, or a hand-edited one, leaves text that is not Base64url, which is an invalid link rather than a server error.
    /// </summary>
    public static bool TryDecode(string code, [NotNullWhen(true)] out string? token)
    {
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
            return true;
        }
        catch (FormatException)
        {
            token = null;
            return false;
        }
    }
}
