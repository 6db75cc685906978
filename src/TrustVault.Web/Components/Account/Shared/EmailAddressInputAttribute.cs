using System.ComponentModel.DataAnnotations;
using TrustVault.Core.Email;

namespace TrustVault.Web.Components.Account.Shared;

/// <summary>An address an account may be given, as <see cref="EmailAddresses"/> decides, with its reason as the field's message.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EmailAddressInputAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is string address && EmailAddresses.Refusal(address) is { } refusal
            ? new ValidationResult(refusal, validationContext.MemberName is { } member ? [member] : null)
            : ValidationResult.Success;
}
