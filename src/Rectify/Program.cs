using Rectify;
using Rectify.Cli;

// WebApplicationFactory (the in-process tests) starts the entry point with host switches such
// as --applicationName=…; those go straight to the web host, everything else is the CLI.
if (args.Any(a => a.StartsWith("--applicationName=", StringComparison.Ordinal)))
{
    var app = AppHost.Build(args);
    await Setup.MigrateAsync(app.Services, Console.Out);
    await app.RunAsync();
    return 0;
}

return await Commands.RunAsync(args);

public partial class Program;
