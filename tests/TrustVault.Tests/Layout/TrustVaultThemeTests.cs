using MudBlazor;
using MudBlazor.Utilities;
using TrustVault.Web.Components.Layout;

namespace TrustVault.Tests.Layout;

/// <summary>
/// WCAG 2.2 AA's contrast (1.4.3, 4.5:1 for text) for every colour pair the theme gives MudBlazor, in both palettes. The
/// browser tests' axe-core walk checks the pages themselves; this names the pair when a palette change breaks one.
/// </summary>
public sealed class TrustVaultThemeTests
{
    private const double MinimumTextContrast = 4.5;

    public static TheoryData<string> Palettes => ["light", "dark"];

    [Theory]
    [MemberData(nameof(Palettes))]
    public void Text_and_coloured_text_are_readable_on_the_page_and_on_cards(string name)
    {
        var palette = Palette(name);
        foreach (var surface in new[] { palette.Surface, palette.Background })
        {
            foreach (var (label, text) in new (string, MudColor)[]
            {
                ("text", palette.TextPrimary), ("secondary text", palette.TextSecondary), ("primary", palette.Primary),
                ("secondary", palette.Secondary), ("success", palette.Success), ("warning", palette.Warning),
                ("error", palette.Error), ("info", palette.Info),
            })
            {
                AssertReadable(name, label, text, surface);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Palettes))]
    public void Filled_buttons_and_chips_are_readable_and_so_is_alert_text(string name)
    {
        var palette = Palette(name);
        foreach (var (label, fill, text) in new (string, MudColor, MudColor)[]
        {
            ("primary", palette.Primary, palette.PrimaryContrastText), ("secondary", palette.Secondary, palette.SecondaryContrastText),
            ("success", palette.Success, palette.SuccessContrastText), ("warning", palette.Warning, palette.WarningContrastText),
            ("error", palette.Error, palette.ErrorContrastText), ("info", palette.Info, palette.InfoContrastText),
        })
        {
            AssertReadable(name, $"{label} filled", text, fill);
        }

        // MudBlazor writes an alert's message in the darker shade of its colour on the surface.
        foreach (var (label, text) in new (string, MudColor)[]
        {
            ("success alert", palette.SuccessDarken), ("warning alert", palette.WarningDarken),
            ("error alert", palette.ErrorDarken), ("info alert", palette.InfoDarken),
        })
        {
            AssertReadable(name, label, text, palette.Surface);
        }
    }

    private static Palette Palette(string name) =>
        name == "dark" ? TrustVaultTheme.Theme.PaletteDark : TrustVaultTheme.Theme.PaletteLight;

    private static void AssertReadable(string palette, string label, MudColor text, MudColor background)
    {
        var ratio = Contrast(Blend(text, background), background);
        Assert.True(ratio >= MinimumTextContrast, $"{palette}: {label} {text} on {background} has contrast {ratio:0.00}, below {MinimumTextContrast}");
    }

    // A translucent text colour (rgba) is seen blended over what is behind it.
    private static (double R, double G, double B) Blend(MudColor text, MudColor background)
    {
        var alpha = text.A / 255.0;
        return (Mix(text.R, background.R), Mix(text.G, background.G), Mix(text.B, background.B));

        double Mix(byte front, byte back) => (front * alpha) + (back * (1 - alpha));
    }

    // WCAG 2.2's relative luminance and contrast ratio: https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio
    private static double Contrast((double R, double G, double B) text, MudColor background)
    {
        var a = Luminance(text);
        var b = Luminance((background.R, background.G, background.B));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    private static double Luminance((double R, double G, double B) color) =>
        (0.2126 * Channel(color.R)) + (0.7152 * Channel(color.G)) + (0.0722 * Channel(color.B));

    private static double Channel(double value)
    {
        var c = value / 255;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
