using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TrustVault.Core.Email;

namespace TrustVault.Web.Email;

/// <summary>Checks the SMTP settings, and that a deployment outside Development has a way to send mail or says it wants none.</summary>
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

        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options.Smtp, new ValidationContext(options.Smtp), results, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r => r.ErrorMessage ?? "Email:Smtp is not valid."));
    }
}
