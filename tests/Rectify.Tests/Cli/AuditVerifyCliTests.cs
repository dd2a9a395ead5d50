using System.Diagnostics;
using Rectify.Tests.Web;

namespace Rectify.Tests.Cli;

/// <summary>
/// `rectify audit verify` as a real process against a database edited by a connection of its own, as
/// with sqlite3 or psql (issue 20 item 5); and the SM3 chain chosen at set-up.
/// </summary>
public sealed class AuditVerifyCliTests : IDisposable
{
    readonly string _data = Path.Combine(Path.GetTempPath(), "rectify-cli-" + Guid.NewGuid().ToString("N"));
    string? _pgDatabase;

    static (int Exit, string Out, string Err) Run(string data, Dictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Rectify.dll"));
        psi.ArgumentList.Add("--data");
        psi.ArgumentList.Add(data);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["RECTIFY_ADMIN_PASSWORD"] = "admin-pass-123";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException(string.Join(' ', args)); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    int ExecuteSqlite(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "rectify.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    [Fact]
    public void A_problem_and_measures_edited_added_and_deleted_with_sqlite_are_named_and_exit_1()
    {
        var none = new Dictionary<string, string>();
        Assert.Equal(0, Run(_data, none, "inspections").Exit);
        var clean = Run(_data, none, "audit", "verify");
        Assert.True(clean.Exit == 0, clean.Out + clean.Err);
        Assert.Contains("审计日志完整", clean.Out);
        Assert.Contains("（SHA256）", clean.Out);
        Assert.Contains("台账与审计日志一致", clean.Out);
        Assert.Contains("未核对的表：AuditEntries", clean.Out);

        Assert.Equal(1, ExecuteSqlite("UPDATE Problems SET Title = '改过的标题' WHERE Id = 3"));
        var measure = Convert.ToInt64(Scalar("SELECT MIN(Id) FROM Measures WHERE ProblemId = 5"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, ExecuteSqlite($"DELETE FROM Measures WHERE Id = {measure}"));
        Assert.Equal(1, ExecuteSqlite("INSERT INTO Measures (ProblemId, Ordinal, Text) VALUES (6, 99, '补写的措施')"));
        var inserted = Convert.ToInt64(Scalar("SELECT MAX(Id) FROM Measures"), System.Globalization.CultureInfo.InvariantCulture);

        var (exit, output, _) = Run(_data, none, "audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains("审计日志完整", output);
        Assert.Contains("表 Problems 编号 3 字段 Title：审计日志为“撂荒复耕工作开展不扎实”，数据库中为“改过的标题”（在应用之外被改动", output);
        Assert.Contains($"表 Measures 编号 {measure}：审计日志记载这一行存在", output);
        Assert.Contains($"表 Measures 编号 {inserted}：数据库中有这一行，审计日志中没有（在应用之外新增）", output);
        Assert.Contains("台账与审计日志不符：3 处", output);

        // An entry deleted from the middle of the log (no path in the app does it) breaks its chain.
        var entry = Scalar("SELECT Id FROM AuditEntries a WHERE Seq = 2 AND EXISTS (SELECT 1 FROM AuditEntries b WHERE b.Chain = a.Chain AND b.Seq = 3) ORDER BY Id LIMIT 1");
        Assert.Equal(1, ExecuteSqlite($"DELETE FROM AuditEntries WHERE Id = {entry}"));
        var gap = Run(_data, none, "audit", "verify");
        Assert.Equal(1, gap.Exit);
        Assert.Contains("第 2 条至第 2 条缺失（被删除", gap.Out);
    }

    object? Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "rectify.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public void A_problem_edited_with_psql_on_postgres_is_named_and_exit_1()
    {
        var server = RectifyApp.PostgresServer();
        _pgDatabase = "rectify_cli_" + Guid.NewGuid().ToString("N")[..12];
        var connection = server + ";Database=" + _pgDatabase;
        var env = new Dictionary<string, string> { ["Database__Provider"] = "Postgres", ["ConnectionStrings__Rectify"] = connection };
        Assert.Equal(0, Run(_data, env, "inspections").Exit);
        var clean = Run(_data, env, "audit", "verify");
        Assert.True(clean.Exit == 0, clean.Out + clean.Err);
        Assert.Contains("台账与审计日志一致", clean.Out);

        using (var outside = new Npgsql.NpgsqlConnection(connection + ";Pooling=False"))
        {
            outside.Open();
            using var command = outside.CreateCommand();
            command.CommandText = """UPDATE "Problems" SET "ResponsibleDepartment" = '别的部门', "AmountInvolved" = 1000 WHERE "Id" = 2""";
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        var (exit, output, _) = Run(_data, env, "audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains("表 Problems 编号 2 字段 ResponsibleDepartment：审计日志为空，数据库中为“别的部门”（在应用之外被改动", output);
        Assert.Contains("表 Problems 编号 2 字段 AmountInvolved：审计日志为空，数据库中为“1000.00”", output);
    }

    [Fact]
    public void An_sm3_chain_is_written_and_verified_caught_when_tampered_and_its_algorithm_cannot_change_later()
    {
        var sm3 = new Dictionary<string, string> { ["Rectify__Audit__Hash"] = "SM3" };
        Assert.Equal(0, Run(_data, sm3, "inspections").Exit);
        var clean = Run(_data, sm3, "audit", "verify");
        Assert.True(clean.Exit == 0, clean.Out + clean.Err);
        Assert.Contains("（SM3）", clean.Out);
        Assert.Equal("SM3", Scalar("SELECT Value FROM Settings WHERE Key = 'audit-hash'"));
        // Without the setting the stored algorithm is used.
        Assert.Contains("（SM3）", Run(_data, [], "audit", "verify").Out);

        // Each entry's hash is the SM3 of its fields (an independent implementation: tests/…/Sm3Tests).
        var (id, hash) = ((long)Scalar("SELECT Id FROM AuditEntries ORDER BY Id LIMIT 1")!, (string)Scalar("SELECT Hash FROM AuditEntries ORDER BY Id LIMIT 1")!);
        Assert.Matches("^[0-9a-f]{64}$", hash);

        var refused = Run(_data, new() { ["Rectify__Audit__Hash"] = "SHA256" }, "audit", "verify");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("本数据库的审计日志自建库起使用 SM3，不能改为 SHA256", refused.Err);
        Assert.DoesNotContain("   at ", refused.Err);

        Assert.Equal(1, ExecuteSqlite($"UPDATE AuditEntries SET Actor = Actor || '-x' WHERE Id = {id}"));
        var tampered = Run(_data, sm3, "audit", "verify");
        Assert.Equal(1, tampered.Exit);
        Assert.Contains($"（编号 {id}）的内容与其哈希不符", tampered.Out);
    }

    public void Dispose()
    {
        if (_pgDatabase is not null && RectifyApp.ConfiguredPostgres is { } server)
        {
            using var connection = new Npgsql.NpgsqlConnection(server + ";Database=postgres;Pooling=False");
            connection.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgDatabase}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        try { Directory.Delete(_data, true); } catch (IOException) { }
    }
}
