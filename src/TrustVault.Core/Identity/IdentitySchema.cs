using Microsoft.AspNetCore.Identity;

namespace TrustVault.Core.Identity;

/// <summary>The Identity table layout the migrations were made for (version 3 adds passkeys).</summary>
public static class IdentitySchema
{
    public static void Configure(IdentityOptions options) => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
}
