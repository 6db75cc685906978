using System.Globalization;

namespace TrustVault.Core.Errors;

/// <summary>
/// Names that people read in lists, mails and invoices (a listing's, a plan's, an organization's, a key's). Control
/// characters and the text-direction ones (U+202E and its kin) would let a name show as something other than it is,
/// or reorder the text around it, so they are refused; so is a name with nothing to see, made only of spaces and
/// invisible format characters (U+200B zero-width space and its kin), which shows as a blank entry.
/// </summary>
public static class DisplayName
{
    public const string Refusal = "Use letters, digits, spaces and punctuation: control and text-direction characters are not allowed, and a name needs a visible character.";

    public static bool IsReadable(string text)
    {
        var visible = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C')
            {
                return false;
            }

            // Format characters inside a name are fine: joiners shape Persian words and emoji sequences.
            visible |= !char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format;
        }

        // An empty text is left to the callers' own length rules, which ask for a name in their words.
        return visible || text.Length == 0;
    }
}
