using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/Rectify.Benchmarks -- --filter '*'
// The ledger list over 100,000 problems: dotnet run -c Release --project bench/Rectify.Benchmarks -- ledger-list
if (args is ["ledger-list", ..])
{
    await Rectify.Benchmarks.LedgerListBenchmark.RunAsync(args.Skip(1).ToArray());
    return;
}
// audit verify over a district (120,000 problems): dotnet run -c Release --project bench/Rectify.Benchmarks -- audit-verify
if (args is ["audit-verify", ..])
{
    await Rectify.Benchmarks.AuditVerifyBenchmark.RunAsync(args.Skip(1).ToArray());
    return;
}
// every formal document as .docx and PDF: dotnet run -c Release --project bench/Rectify.Benchmarks -- documents
if (args is ["documents", ..])
{
    Environment.ExitCode = await Rectify.Benchmarks.DocumentsBenchmark.RunAsync();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Rectify.Benchmarks.LedgerListBenchmark).Assembly).Run(args);
