using MudBlazor;

namespace TrustVault.Web.Components.Layout;

/// <summary>The one theme of the app, light and dark.</summary>
/// <remarks>
/// Every text colour reaches WCAG 2.2 AA's 4.5:1 against the surfaces it is drawn on (white and the page background in
/// light, MudBlazor's grey surfaces in dark), and so does each filled colour against its contrast text: status chips,
/// alerts and buttons use these pairs. MudBlazor's own defaults (e.g. white on #00C853) do not; the browser tests run
/// axe-core over every page in both themes to keep it so.
/// </remarks>
public static class TrustVaultTheme
{
    // In dark theme the filled colours are light, so the text on them is dark.
    private const string DarkContrastText = "#16181F";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949AB",
            Secondary = "#00796B",
            Success = "#2E7D32",
            Warning = "#A35200",
            Error = "#C62828",
            Info = "#1565C0",
            TextSecondary = "#5F6368",
            AppbarBackground = "#283593",
            Background = "#F5F6FA",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8C9EFF",
            PrimaryContrastText = DarkContrastText,
            Secondary = "#4DB6AC",
            SecondaryContrastText = DarkContrastText,
            Success = "#66BB6A",
            SuccessContrastText = DarkContrastText,
            Warning = "#FFB74D",
            WarningContrastText = DarkContrastText,
            Error = "#EF9A9A",
            ErrorContrastText = DarkContrastText,
            Info = "#64B5F6",
            InfoContrastText = DarkContrastText,

            // MudBlazor writes an alert's text in the darker shade of its colour: on a dark surface that shade must be light.
            SuccessDarken = "#A5D6A7",
            WarningDarken = "#FFCC80",
            ErrorDarken = "#FFCDD2",
            InfoDarken = "#90CAF9",
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.70)",
            AppbarBackground = "#1A1F3A",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
