using System.Net;
using System.Text.RegularExpressions;
using TrustVault.Core.Data.Seeding;

namespace TrustVault.Tests.Infrastructure;

/// <summary>Submits the app's static server-rendered forms the way a browser does: antiforgery token and form name included.</summary>
public static partial class FormPosting
{
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string path, string formName, IDictionary<string, string> fields)
    {
        var content = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = await AntiforgeryTokenOnAsync(client, path),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(content));
    }

    /// <summary>Posts the user menu's log-out form, with a token from a page that a signed-in user sees.</summary>
    public static async Task<HttpResponseMessage> LogOutAsync(this HttpClient client, string returnUrl) =>
        await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = await AntiforgeryTokenOnAsync(client, "/Account/Manage"),
        }));

    public static Task<HttpResponseMessage> LogInAsync(this HttpClient client, string email, string password) =>
        client.SubmitFormAsync("/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    public static async Task LogInAsync(this HttpClient client, DemoAccountKind kind)
    {
        var account = DemoSeedOptions.Accounts.Single(a => a.Kind == kind);
        var response = await client.LogInAsync(account.Email, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("Account/Login", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    private static async Task<string> AntiforgeryTokenOnAsync(HttpClient client, string path)
    {
        var token = AntiforgeryToken().Match(await client.GetStringAsync(path));
        Assert.True(token.Success, $"No antiforgery token on {path}.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
