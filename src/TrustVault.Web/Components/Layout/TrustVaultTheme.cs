using MudBlazor;

namespace TrustVault.Web.Components.Layout;

/// <summary>The one theme of the app, light and dark.</summary>
public static class TrustVaultTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949AB",
            Secondary = "#00897B",
            AppbarBackground = "#283593",
            Background = "#F5F6FA",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8C9EFF",
            Secondary = "#4DB6AC",
            AppbarBackground = "#1A1F3A",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
