using System.IO.Compression;

namespace Rectify.Tests.Cli;

/// <summary>The security commands as the operator runs them: the real executable on a fresh data folder.</summary>
public sealed class SecurityCliTests : IDisposable
{
    readonly string _data = Path.Combine(Path.GetTempPath(), "rectify-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        File.Delete(_data + "-backup.zip");
    }

    string Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "rectify.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    [Fact]
    public void User_reset_two_factor_ends_the_accounts_tokens_marks_it_for_a_new_set_up_and_is_audited()
    {
        Assert.Equal(0, CliTests.Run(_data, "user", "add", "clerk", "--role", "reader", "--password", "Clerk-phone-lost-7").Exit);
        Assert.Equal(0, CliTests.Run(_data, "token", "create", "clerk").Exit);

        var reset = CliTests.Run(_data, "user", "reset-two-factor", "clerk");
        Assert.Equal(0, reset.Exit);
        Assert.Contains("已重置 clerk 的验证器", reset.Out);
        Assert.Contains("吊销 API 令牌 1 个", reset.Out);
        Assert.Equal("0", Scalar("SELECT COUNT(*) FROM ApiTokens WHERE RevokedAt IS NULL"));
        Assert.Equal("1", Scalar("SELECT COUNT(*) FROM AspNetUserClaims c JOIN AspNetUsers u ON u.Id = c.UserId WHERE u.UserName = 'clerk' AND c.ClaimType = 'rectify:two-factor-set-up-again'"));
        Assert.StartsWith("命令行", Scalar("SELECT Actor FROM AuditEntries WHERE Action = 'reset2fa'"));
        Assert.Equal(0, CliTests.Run(_data, "audit", "verify").Exit);

        var unknown = CliTests.Run(_data, "user", "reset-two-factor", "nobody");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("用户“nobody”不存在", unknown.Err);
    }

    [Fact]
    public void Restore_of_a_backup_with_a_path_out_of_the_data_folder_exits_2_and_changes_nothing()
    {
        var file = _data + "-backup.zip";
        // A backup needs a database to copy (an empty data folder is refused): the first command makes it.
        Assert.Equal(0, CliTests.Run(_data, "inspections").Exit);
        Assert.Equal(0, CliTests.Run(_data, "backup", file).Exit);
        using (var zip = ZipFile.Open(file, ZipArchiveMode.Update))
        using (var w = new StreamWriter(zip.CreateEntry("evidence/../../escaped.txt").Open()))
            w.Write("escaped");
        Assert.Equal(0, CliTests.Run(_data, "org", "add", "备份之后的组织").Exit);

        var restore = CliTests.Run(_data, "restore", file);
        Assert.Equal(2, restore.Exit);
        Assert.Contains("备份中的路径不安全", restore.Err);
        Assert.DoesNotContain("   at ", restore.Err);
        Assert.Equal("1", Scalar("SELECT COUNT(*) FROM Organizations WHERE Name = '备份之后的组织'"));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_data)!, "escaped.txt")));
    }
}
