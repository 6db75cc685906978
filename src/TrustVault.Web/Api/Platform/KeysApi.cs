using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Errors;
using TrustVault.Core.Keys;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>An organization's API keys, as the console's Keys page manages them (Owner or Developer to change them).</summary>
internal static class KeysApi
{
    public sealed record CreateKeyRequest(string? Name, DateTimeOffset? ExpiresAt = null, bool Test = false);

    /// <param name="GraceHours">How long the old key keeps working, 0 to 168 hours (default 24).</param>
    public sealed record RotateKeyRequest(int? GraceHours = null);

    public static RouteGroupBuilder MapKeysApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/organizations/{organizationId:guid}/keys").WithTags("Keys");
        keys.MapGet("", ListAsync)
            .ProducesValidationProblem()
            .WithName("ListKeys")
            .WithSummary($"List the organization's API keys (never their secrets), revoked and rotated ones included, newest first: page from 1, pageSize 1 to {PlatformPage.MaxSize} (default 20).");
        keys.MapPost("", CreateAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("CreateKey")
            .WithSummary("Create an API key; the response holds its secret, shown this once.");
        keys.MapPost("/{keyId:guid}/rotate", RotateAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("RotateKey")
            .WithSummary("Issue a replacement key; the old one keeps working for the grace period.");
        keys.MapDelete("/{keyId:guid}", RevokeAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .WithName("RevokeKey")
            .WithSummary("Revoke a key: the gateway refuses it within a second.");
        return api;
    }

    private static async Task<Ok<PlatformList<ApiKeyView>>> ListAsync(
        Guid organizationId, int? page, int? pageSize, ClaimsPrincipal user, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var (number, size) = PlatformPage.Read(page, pageSize, "keys");

        var result = await keys.ListPageAsync(user.RequireUserId(), organizationId, number - 1, size, cancellationToken);
        return TypedResults.Ok(new PlatformList<ApiKeyView>(number, size, result.Total, result.Items));
    }

    private static async Task<Created<IssuedApiKey>> CreateAsync(
        Guid organizationId, CreateKeyRequest request, ClaimsPrincipal user, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var issued = await keys.CreateAsync(user.RequireUserId(), organizationId, request.Name ?? "", request.ExpiresAt, request.Test, cancellationToken);
        return TypedResults.Created($"/api/v1/organizations/{organizationId}/keys", issued);
    }

    private static async Task<Ok<IssuedApiKey>> RotateAsync(
        Guid organizationId, Guid keyId, RotateKeyRequest? request, ClaimsPrincipal user, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var hours = request?.GraceHours ?? 24;
        if (hours < 0 || hours > ApiKeyService.MaxRotationGrace.TotalHours)
        {
            throw new InvalidInputException("GraceHours", $"Choose a grace period from 0 to {ApiKeyService.MaxRotationGrace.TotalHours:0} hours.");
        }

        return TypedResults.Ok(await keys.RotateAsync(user.RequireUserId(), organizationId, keyId, TimeSpan.FromHours(hours), cancellationToken));
    }

    private static async Task<NoContent> RevokeAsync(
        Guid organizationId, Guid keyId, ClaimsPrincipal user, ApiKeyService keys, CancellationToken cancellationToken)
    {
        await keys.RevokeAsync(user.RequireUserId(), organizationId, keyId, cancellationToken);
        return TypedResults.NoContent();
    }
}
