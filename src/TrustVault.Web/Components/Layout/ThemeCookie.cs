namespace TrustVault.Web.Components.Layout;

/// <summary>The theme the visitor chose, kept in a cookie that wwwroot/js/theme.js writes.</summary>
public static class ThemeCookie
{
    public const string Name = "tv-theme";

    public static bool IsDark(HttpRequest request) => request.Cookies[Name] == "dark";
}
