using System.Diagnostics;
using System.Text.Json;
using Rectify.Infrastructure;

namespace Rectify.Tests.Cli;

/// <summary>The real executable, run as a process, on a fresh data folder.</summary>
public sealed class CliTests : IDisposable
{
    readonly string _data = Path.Combine(Path.GetTempPath(), "rectify-cli-" + Guid.NewGuid().ToString("N"));

    public static (int Exit, string Out, string Err) Run(string data, params string[] args) => Start(data, true, [], args);

    /// <summary>
    /// Starts a `serve` (the process <paramref name="psi"/> describes, its output redirected), reads what it prints until
    /// it says how to sign in (or ends), and stops it with its children; what it printed, and its error output.
    /// </summary>
    public static async Task<(string Output, string Error)> ServeUntilSignInAsync(ProcessStartInfo psi, CancellationToken ct)
    {
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync(ct);
        var lines = new List<string>();
        try
        {
            while (await p.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromMinutes(3), ct) is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("请用管理员账户", StringComparison.Ordinal)) break;
            }
        }
        finally
        {
            p.Kill(true);
            await p.WaitForExitAsync(ct);
        }
        return (string.Join("\n", lines), await err);
    }

    /// <summary>Runs with more environment variables (settings such as Rectify__TimeZone).</summary>
    public static (int Exit, string Out, string Err) RunWith(string data, Dictionary<string, string> environment, params string[] args) => Start(data, true, environment, args);

    /// <summary>With <paramref name="allPasswords"/> false only admin's first password is given; the three administrators' are generated.</summary>
    static (int Exit, string Out, string Err) Run(string data, bool allPasswords, params string[] args) => Start(data, allPasswords, [], args);

    static (int Exit, string Out, string Err) Start(string data, bool allPasswords, Dictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Rectify.dll"));
        psi.ArgumentList.Add("--data");
        psi.ArgumentList.Add(data);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["RECTIFY_ADMIN_PASSWORD"] = "admin-pass-123";
        psi.Environment["Rectify__Security__RequireTwoFactor"] = "false";
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        if (allPasswords)
        {
            psi.Environment["RECTIFY_SYSADMIN_PASSWORD"] = "system-pass-123";
            psi.Environment["RECTIFY_SECADMIN_PASSWORD"] = "security-pass-123";
            psi.Environment["RECTIFY_AUDITADMIN_PASSWORD"] = "auditor-pass-123";
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A guard against a hung process only: on a loaded CI machine a replay of the audit log took over a minute.
        if (!p.WaitForExit(300_000)) { p.Kill(true); throw new TimeoutException(string.Join(' ', args)); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    internal const string SavedNotice = """
        中共某局党组关于第三轮巡察整改进展情况的通报
        根据区委统一部署,2023年3月1日至4月30日,区委第三巡察组对某局党组开展了第三轮巡察,并于2023年5月10日反馈了意见。
        一、党建方面
        1.关于学习不深入的问题
        整改状态:已完成整改
        整改措施:建立制度。
        中共某局党组
        2023年10月8日
        """;

    [Fact]
    public void Import_reads_an_xlsx_notice_table()
    {
        Directory.CreateDirectory(_data);
        var file = Path.Combine(_data, "整改情况表.xlsx");
        File.WriteAllBytes(file, Rectify.Tests.Import.TableAndListTests.NoticeWorkbook());
        var (exit, output, _) = Run(_data, "import", file, "--json");
        Assert.Equal(0, exit);
        var problems = JsonDocument.Parse(output).RootElement.GetProperty("categories").EnumerateArray()
            .SelectMany(c => c.GetProperty("problems").EnumerateArray()).Select(p => p.GetProperty("title").GetString()).ToList();
        Assert.Equal(["学习不深入", "制度不健全", "会议过多"], problems);
    }

    [Fact]
    public void Import_save_refuses_a_notice_already_saved_in_one_line_unless_duplicates_are_allowed()
    {
        Directory.CreateDirectory(_data);
        var file = Path.Combine(_data, "notice.txt");
        File.WriteAllText(file, SavedNotice);
        Assert.Equal(0, Run(_data, "import", file, "--save").Exit);
        int Saved() => JsonDocument.Parse(Run(_data, "inspections", "--json").Out).RootElement.GetArrayLength();
        var before = Saved();

        // The same text again, saved as another file with Windows line ends and a blank line.
        var copy = Path.Combine(_data, "copy.txt");
        File.WriteAllText(copy, SavedNotice.Replace("\n", "\r\n\r\n"));
        var again = Run(_data, "import", copy, "--save");
        Assert.Equal(2, again.Exit);
        var line = Assert.Single(again.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("全文相同", line);
        Assert.Contains("--allow-duplicate", line);

        // Other words, but the same issuer, date and round: the same notice, copied from another site.
        var edited = Path.Combine(_data, "edited.txt");
        File.WriteAllText(edited, SavedNotice.Replace("建立制度", "健全制度"));
        var alike = Run(_data, "import", edited, "--save");
        Assert.Equal(2, alike.Exit);
        Assert.Contains("发布单位、日期和巡察轮次相同", alike.Err);
        Assert.Equal(before, Saved());

        Assert.Equal(0, Run(_data, "import", copy, "--save", "--allow-duplicate").Exit);
        Assert.Equal(before + 1, Saved());
    }

    [Fact]
    public void Import_save_refuses_a_later_notice_of_the_unit_in_the_same_round_as_a_second_ledger_unless_duplicates_are_allowed()
    {
        Directory.CreateDirectory(_data);
        var file = Path.Combine(_data, "notice.txt");
        File.WriteAllText(file, SavedNotice);
        Assert.Equal(0, Run(_data, "import", file, "--save").Exit);
        int Saved() => JsonDocument.Parse(Run(_data, "inspections", "--json").Out).RootElement.GetArrayLength();
        var before = Saved();

        // A later notice of the same unit and round: another text and date, the same ledger.
        var later = Path.Combine(_data, "later.txt");
        File.WriteAllText(later, SavedNotice.Replace("建立制度", "健全制度并抓好落实").Replace("2023年10月8日", "2024年1月8日"));
        var refused = Run(_data, "import", later, "--save");
        Assert.Equal(2, refused.Exit);
        var line = Assert.Single(refused.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("错误：未保存：该台账与已保存的巡察 ", line);
        Assert.Contains("被巡察单位和巡察轮次相同", line);
        Assert.Contains("--allow-duplicate", line);
        Assert.Equal(before, Saved());

        Assert.Equal(0, Run(_data, "import", later, "--save", "--allow-duplicate").Exit);
        Assert.Equal(before + 1, Saved());
    }

    [Fact]
    public void Load_refuses_a_second_ledger_of_the_unit_in_the_same_round_unless_duplicates_are_allowed()
    {
        // The demo's own ledger of 城北镇, loaded again: the unit has a ledger in that round.
        var file = _data + "-again.json";
        File.WriteAllText(file, Run(_data, "export", "--inspection", "1").Out);
        var refused = Run(_data, "load", file);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("未保存：该台账与已保存的巡察 1", refused.Err);
        Assert.Contains("被巡察单位和巡察轮次相同", refused.Err);
        Assert.Contains("--allow-duplicate", refused.Err);
        Assert.DoesNotContain("   at ", refused.Err);
        int Saved() => JsonDocument.Parse(Run(_data, "inspections", "--json").Out).RootElement.GetArrayLength();
        Assert.Equal(1, Saved());

        var allowed = Run(_data, "load", file, "--allow-duplicate");
        Assert.Equal(0, allowed.Exit);
        Assert.Contains("已载入巡察 2", allowed.Out);
        Assert.Equal(2, Saved());
        File.Delete(file);
    }

    [Fact]
    public void Check_exits_1_on_a_summary_the_body_contradicts_0_on_warnings_only_and_2_on_refused_input()
    {
        Directory.CreateDirectory(_data);
        var chengbei = Path.Combine(AppContext.BaseDirectory, "TestData", "chengbei-2023-09-08.txt");
        var (exit, output, _) = Run(_data, "check", chengbei);
        Assert.Equal(1, exit);
        // The Chinese sentence, then the code in brackets for scripts.
        Assert.Contains("称正在推进2个，正文为3个 [summary-mismatch]\n", output.Replace("\r\n", "\n"));
        // A stated total of measures against problems told in running paragraphs: a note, not a mismatch.
        var running = Run(_data, "check", Path.Combine(AppContext.BaseDirectory, "TestData", "review", "n2-yijian-tiao-status-last.txt"));
        Assert.Equal(0, running.Exit);
        Assert.Contains("无法核对整改措施总数 [measures-not-listed]", running.Out);
        Assert.DoesNotContain("[summary-mismatch]", running.Out);
        // Cut short and without a summary: warnings, no error.
        var cut = Run(_data, "check", Path.Combine(AppContext.BaseDirectory, "TestData", "17_jiangxia-state-assets-group-2026.txt"));
        Assert.Equal(0, cut.Exit);
        Assert.Contains("truncated", cut.Out);
        Assert.Contains("summary-missing", cut.Out);
        var recipe = Path.Combine(_data, "recipe.txt");
        File.WriteAllText(recipe, "红烧肉做法\n五花肉切块,焯水后加糖色翻炒。");
        var refused = Run(_data, "check", recipe);
        Assert.Equal(2, refused.Exit);
        Assert.Single(refused.Err.Trim().Split('\n'));
    }

    [Fact]
    public void Export_of_the_demo_prints_counts_computed_from_the_ledger()
    {
        var (exit, output, _) = Run(_data, "export", "--inspection", "1", "--format", "json");
        Assert.Equal(0, exit);
        var counts = JsonDocument.Parse(output).RootElement.GetProperty("counts");
        Assert.Equal(4, counts.GetProperty("categories").GetInt32());
        Assert.Equal(14, counts.GetProperty("problems").GetInt32());
        Assert.Equal(11, counts.GetProperty("completed").GetInt32());
        Assert.Equal(3, counts.GetProperty("inProgress").GetInt32());
        Assert.Equal(0, counts.GetProperty("notFeasible").GetInt32());
    }

    [Fact]
    public void Load_then_inspections_lists_the_new_ledger_and_export_round_trips_it()
    {
        var file = Path.Combine(_data + "-in.json");
        File.WriteAllText(file, Run(_data, "export", "--inspection", "1").Out.Replace("城北镇党委", "西阳镇党委").Replace("中共梅州市梅江区城北镇委员会", "中共梅州市梅江区西阳镇委员会"));
        var load = Run(_data, "load", file);
        Assert.Equal(0, load.Exit);
        Assert.Contains("已载入巡察 2", load.Out);
        var list = Run(_data, "inspections", "--json");
        var rows = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["城北镇", "西阳镇"], rows.Select(r => r.GetProperty("organization").GetString()));
        Assert.All(rows, r => Assert.Equal(14, r.GetProperty("problems").GetInt32()));
        File.Delete(file);
    }

    [Theory]
    [InlineData("{\"categories\": [", "JSON 格式错误")]
    [InlineData("{\"categories\":[{\"ordinal\":1,\"title\":\"甲方面\",\"problems\":[{\"ordinal\":1,\"title\":\"问题一\",\"status\":\"done\"}]}]}", "categories[0].problems[0]（问题 1）：未知的整改状态代码“done”")]
    [InlineData("{\"categories\":[{\"ordinal\":1,\"title\":\"甲方面\",\"problems\":[{\"ordinal\":1,\"title\":\"问题一\"},{\"ordinal\":1,\"title\":\"问题二\"}]}]}", "categories[0].problems[1]：问题序号 1 重复")]
    public void Load_of_bad_json_names_the_place_exits_2_and_writes_nothing(string json, string message)
    {
        Run(_data, "inspections");
        var file = _data + "-bad.json";
        File.WriteAllText(file, json);
        var (exit, _, err) = Run(_data, "load", file);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
        var rows = JsonDocument.Parse(Run(_data, "inspections", "--json").Out).RootElement.GetArrayLength();
        Assert.Equal(1, rows);
        File.Delete(file);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused_at_start_with_the_setting_named()
    {
        var (exit, _, err) = RunWith(_data, new() { ["Rectify__TimeZone"] = "Asia/Beijing" }, "inspections");
        Assert.Equal(2, exit);
        Assert.Contains("Rectify:TimeZone 的值“Asia/Beijing”不是已知的时区", err);
        Assert.DoesNotContain("   at ", err);
        Assert.Equal(0, RunWith(_data, new() { ["Rectify__TimeZone"] = "Asia/Urumqi" }, "inspections").Exit);
    }

    [Fact]
    public void User_add_refuses_an_account_that_would_be_two_of_the_separated_administrators()
    {
        Assert.Equal(0, Run(_data, "inspections").Exit);
        var (exit, _, err) = Run(_data, "user", "add", "zhang", "--role", "sysadmin", "--role", "auditadmin", "--password", "zhang-pass-123");
        Assert.Equal(2, exit);
        Assert.Contains("三员分立：“系统管理员”不能与“审计管理员”由同一账户担任", err);
        var withAdmin = Run(_data, "user", "add", "zhang", "--role", "admin", "--role", "secadmin", "--password", "zhang-pass-123");
        Assert.Equal(2, withAdmin.Exit);
        Assert.Contains("“安全管理员”不能与“巡察办管理员”由同一账户担任", withAdmin.Err);
        using (var connection = OpenDb(_data))
        {
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM AspNetUsers WHERE UserName = 'zhang'";
            Assert.Equal(0L, (long)count.ExecuteScalar()!);
        }
        // One of them alone is an account like any other, and the export of the log is itself logged.
        Assert.Equal(0, Run(_data, "user", "add", "zhang", "--role", "auditadmin", "--password", "zhang-pass-123").Exit);
        Assert.Equal(0, Run(_data, "audit", "export").Exit);
        using (var connection = OpenDb(_data))
        {
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM AuditEntries WHERE Entity = 'AuditEntry' AND Action = 'export' AND Actor LIKE '命令行（%'";
            Assert.Equal(1L, (long)count.ExecuteScalar()!);
        }
    }

    [Fact]
    public void The_first_start_prints_the_generated_passwords_of_the_administrators_once()
    {
        var (exit, _, err) = Run(_data, false, "inspections");
        Assert.Equal(0, exit);
        // admin's password was given (RECTIFY_ADMIN_PASSWORD): not shown.
        Assert.DoesNotContain("admin-pass-123", err);
        Assert.DoesNotContain("账户 admin,", err);
        foreach (var (name, role) in new[] { ("sysadmin", "系统管理员"), ("secadmin", "安全管理员"), ("auditadmin", "审计管理员") })
            Assert.Matches(System.Text.RegularExpressions.Regex.Escape($"已创建{role}账户 {name}，初始密码（只显示这一次）：") + "\\S{12,}", err);
        // Once: the next start creates nobody.
        Assert.DoesNotContain("已创建", Run(_data, false, "inspections").Err);
    }

    [Fact]
    public void Org_user_and_token_commands_create_what_they_say()
    {
        Assert.Equal(0, Run(_data, "org", "add", "西阳镇", "--parent", "梅江区").Exit);
        var user = Run(_data, "user", "add", "xiyang", "--role", "unit-editor", "--org", "西阳镇", "--password", "xiyang-pass-1");
        Assert.Equal(0, user.Exit);
        var token = Run(_data, "token", "create", "xiyang");
        Assert.Equal(0, token.Exit);
        Assert.StartsWith("rct_", token.Out.Trim().Split('\n')[^1]);
        Assert.Contains("\txiyang\tcli\t", Run(_data, "token", "list", "xiyang").Out);
        Assert.Contains("有效", Run(_data, "token", "list", "xiyang").Out);
        Assert.Equal(0, Run(_data, "token", "revoke", "1").Exit);
        Assert.Contains("已吊销", Run(_data, "token", "list").Out);
        var bad = Run(_data, "user", "add", "x2", "--role", "boss");
        Assert.NotEqual(0, bad.Exit);
        var unknownOrg = Run(_data, "org", "add", "某村", "--parent", "不存在的镇");
        Assert.Equal(2, unknownOrg.Exit);
        Assert.Contains("上级组织“不存在的镇”不存在", unknownOrg.Err);
    }

    [Fact]
    public void A_second_server_on_the_same_data_folder_is_refused()
    {
        using var held = DataFolderLock.Acquire(_data);
        var e = Assert.Throws<InvalidOperationException>(() => DataFolderLock.Acquire(_data));
        Assert.Contains("正被另一个 Rectify 服务使用", e.Message);
        var (exit, _, err) = Run(_data, "serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, exit);
        Assert.Contains("正被另一个 Rectify 服务使用", err);
    }

    static Microsoft.Data.Sqlite.SqliteConnection OpenDb(string data)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "rectify.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    static int Execute(string data, string sql)
    {
        using var connection = OpenDb(data);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    [Fact]
    public void Audit_verify_passes_on_a_clean_log_names_a_hand_edited_row_and_checks_a_noted_head()
    {
        Run(_data, "inspections");
        var clean = Run(_data, "audit", "verify");
        Assert.Equal(0, clean.Exit);
        Assert.Contains("审计日志完整", clean.Out);
        var head = System.Text.RegularExpressions.Regex.Match(clean.Out, @"链头 (\S+)").Groups[1].Value;
        Assert.Matches(@"^\d+=\d+(,\d+=\d+)*:[0-9a-f]{64}$", head);
        Assert.Equal(0, Run(_data, "audit", "verify", "--head", head).Exit);
        // A backup prints the same head (nothing was written in between).
        var backup = Run(_data, "backup", Path.Combine(_data, "b.zip"));
        Assert.Equal(0, backup.Exit);
        Assert.Contains("审计日志链头（请另处记下，恢复后用 audit verify --head 核对）：" + head, backup.Out);

        var malformed = Run(_data, "audit", "verify", "--head", "12:abc");
        Assert.Equal(2, malformed.Exit);
        Assert.Contains("--head 应为", malformed.Err);
        Assert.DoesNotContain("   at ", malformed.Err);

        // The entry in the middle of the longest chain other than 0.
        long id, seq;
        int chain;
        using (var connection = OpenDb(_data))
        {
            using var pick = connection.CreateCommand();
            pick.CommandText = """
                SELECT a.Id, a.Chain, a.Seq FROM AuditEntries a
                JOIN (SELECT Chain, COUNT(*) AS n FROM AuditEntries WHERE Chain <> 0 GROUP BY Chain ORDER BY n DESC LIMIT 1) c
                  ON a.Chain = c.Chain AND a.Seq = (c.n + 1) / 2
                """;
            using var r = pick.ExecuteReader();
            Assert.True(r.Read(), "no chain other than 0 after the seeding");
            (id, chain, seq) = (r.GetInt64(0), r.GetInt32(1), r.GetInt64(2));
        }
        Assert.Equal(1, Execute(_data, $"UPDATE AuditEntries SET Actor = Actor || '-x' WHERE Id = {id}"));
        var (exit, output, _) = Run(_data, "audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains($"链 {chain} 第 {seq} 条（编号 {id}）的内容与其哈希不符", output);
        Execute(_data, $"UPDATE AuditEntries SET Actor = substr(Actor, 1, length(Actor) - 2) WHERE Id = {id}");
        Assert.Equal(0, Run(_data, "audit", "verify").Exit);

        // Cut the tail of that chain: the chain still links, the noted head does not; and the rows those
        // entries wrote are no longer vouched for by the log (the ledger check names them even without the head).
        Execute(_data, $"DELETE FROM AuditEntries WHERE Chain = {chain} AND Seq >= {seq}");
        var unnoted = Run(_data, "audit", "verify");
        Assert.Equal(1, unnoted.Exit);
        Assert.Contains("审计日志完整", unnoted.Out);
        Assert.Contains("台账与审计日志不符", unnoted.Out);
        var cut = Run(_data, "audit", "verify", "--head", head);
        Assert.Equal(1, cut.Exit);
        Assert.Contains($"链 {chain} 只到第 {seq - 1} 条", cut.Out);

        var export = Run(_data, "audit", "export");
        var lines = export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 20);
        Assert.All(lines, l => Assert.Matches("\"chain\":\\d+,\"seq\":\\d+,.*\"hash\":\"[0-9a-f]{64}\"", l));
        Assert.Contains(lines, l => l.Contains($"\"chain\":{chain},", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, true); } catch (IOException) { }
    }
}
