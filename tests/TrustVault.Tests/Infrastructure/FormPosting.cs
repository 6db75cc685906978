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
        var page = await client.GetStringAsync(path);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {path}.");
        var content = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(content));
    }

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

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
