using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TrustVault.Core.Email;

namespace TrustVault.Web.Email;

/// <summary>
/// Checks the SMTP settings, that a deployment outside Development has a way to send mail or says it wants none, and
/// that mail sent for real says where its links point.
/// </summary>
internal sealed class EmailOptionsValidator(IHostEnvironment environment) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        if (!options.Disabled && string.IsNullOrWhiteSpace(options.Smtp.Host) && !environment.IsDevelopment())
        {
            return ValidateOptionsResult.Fail(
                $"No e-mail transport: set Email:Smtp:Host (with Email:Smtp:FromAddress) so that confirmation, reset and alert mail reaches users, " +
                $"or set Email:Disabled=true to run the {environment.EnvironmentName} environment without sending mail.");
        }

        var failures = new List<string>();
        if (options.PublicBaseUrl is { } publicBaseUrl && !EmailLinks.IsBaseAddress(publicBaseUrl))
        {
            failures.Add($"Email:PublicBaseUrl must be an absolute http or https address without a query, such as https://market.example.com; it is '{publicBaseUrl}'.");
        }

        if (!options.Disabled && !string.IsNullOrWhiteSpace(options.Smtp.Host) && options.PublicBaseUrl is null && !environment.IsDevelopment())
        {
            failures.Add(
                "Set Email:PublicBaseUrl to the address users reach the platform at (such as https://market.example.com): " +
                "links in confirmation, password-reset, invitation and notification mail start with it.");
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options.Smtp, new ValidationContext(options.Smtp), results, validateAllProperties: true);
        failures.AddRange(results.Select(r => r.ErrorMessage ?? "Email:Smtp is not valid."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
