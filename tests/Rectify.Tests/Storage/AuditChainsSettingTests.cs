using Microsoft.Extensions.Configuration;

namespace Rectify.Tests.Storage;

/// <summary>Rectify:Audit:Chains: how many chains writes spread over.</summary>
public sealed class AuditChainsSettingTests
{
    static Rectify.Data.Storage With(string? chains) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rectify:Data"] = Path.Combine(Path.GetTempPath(), "rectify-chains-" + Guid.NewGuid().ToString("N")),
            ["Rectify:Audit:Chains"] = chains,
        }).Build(), Rectify.Data.Interceptors.SaveInterceptors.InOrder());

    [Fact]
    public void The_number_of_chains_is_read_and_a_wrong_one_refused_in_words()
    {
        var unset = With(null);
        Assert.Equal(32, unset.AuditChains);
        Directory.Delete(unset.DataFolder, true);
        var storage = With("7");
        using (var db = storage.CreateDb()) Assert.Equal(7, db.AuditChains);
        Directory.Delete(storage.DataFolder, true);
        foreach (var wrong in new[] { "0", "-3", "viele", "2000" })
        {
            var e = Assert.Throws<InvalidOperationException>(() => With(wrong));
            Assert.Equal($"Rectify:Audit:Chains 应为 1 至 1024 之间的整数，而不是“{wrong}”", e.Message);
        }
    }
}
