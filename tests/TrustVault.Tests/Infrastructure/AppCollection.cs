namespace TrustVault.Tests.Infrastructure;

/// <summary>
/// Test classes that start the app run one after another: Hangfire keeps process-wide state
/// (its log provider) that two apps alive at once would fight over.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AppCollection
{
    public const string Name = "app";
}
