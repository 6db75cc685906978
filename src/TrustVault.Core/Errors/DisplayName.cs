namespace TrustVault.Core.Errors;

/// <summary>
/// Names that people read in lists, mails and invoices (a listing's, a plan's, an organization's, a key's). Control
/// characters and the text-direction ones (U+202E and its kin) would let a name show as something other than it is,
/// or reorder the text around it, so they are refused.
/// </summary>
public static class DisplayName
{
    public const string Refusal = "Use letters, digits, spaces and punctuation: control and text-direction characters are not allowed.";

    public static bool IsReadable(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C')
            {
                return false;
            }
        }

        return true;
    }
}
