namespace TrustVault.Web.Components.Account.Shared;

/// <summary>What an input inside an <see cref="AccountField{TValue}"/> carries to look and read like MudBlazor's.</summary>
public static class AccountInput
{
    /// <summary>MudBlazor's classes of the input element of an outlined field.</summary>
    public const string Classes = "mud-input-slot mud-input-root mud-input-root-outlined";

    /// <summary>The element that holds the helper text or the field's errors, for the input's <c>aria-describedby</c>.</summary>
    public static string HelperId(string inputId) => $"{inputId}-helper-text";
}
