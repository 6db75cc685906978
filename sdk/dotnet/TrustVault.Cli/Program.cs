using TrustVault.Cli;

return await TrustVaultCli.RunAsync(args, CliEnvironment.Console(), CancellationToken.None);
