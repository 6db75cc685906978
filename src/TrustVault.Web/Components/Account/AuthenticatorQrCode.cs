using QRCoder;

namespace TrustVault.Web.Components.Account;

/// <summary>What an authenticator app scans to add a TrustVault entry: the otpauth URI and its QR code.</summary>
internal static class AuthenticatorQrCode
{
    /// <summary>The name the authenticator app files the entry under.</summary>
    public const string Issuer = "TrustVault";

    /// <summary>The Key Uri Format that authenticator apps read (issuer as label prefix and parameter, as Google's spec asks).</summary>
    public static string Uri(string email, string sharedKey) =>
        $"otpauth://totp/{Issuer}:{System.Uri.EscapeDataString(email)}?secret={sharedKey}&issuer={Issuer}&digits=6";

    /// <summary>The QR code as inline SVG markup, drawn on the server: the page's CSP allows no inline script to draw it.</summary>
    public static string Svg(string uri)
    {
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        using var code = new SvgQRCode(data);
        return code.GetGraphic(pixelsPerModule: 4, darkColorHex: "#000000", lightColorHex: "#ffffff", sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
