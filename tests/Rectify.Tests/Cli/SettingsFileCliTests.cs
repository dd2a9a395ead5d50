using System.Diagnostics;
using Rectify.Infrastructure;

namespace Rectify.Tests.Cli;

/// <summary>
/// The settings file beside the program (the package's is /etc/rectify/appsettings.json): a broken one refuses the start
/// and every command in one Chinese line that names it; and the first start says where admin's password came from.
/// Each test uses its own environment name, so its appsettings.{name}.json beside Rectify.dll concerns it alone.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SettingsFileCliTests : IDisposable
{
    readonly string _data = Path.Combine(Path.GetTempPath(), "rectify-settings-" + Guid.NewGuid().ToString("N"));
    readonly string _environment = "Test" + Guid.NewGuid().ToString("N")[..12];
    string SettingsFile => Path.Combine(AppContext.BaseDirectory, $"appsettings.{_environment}.json");

    Dictionary<string, string> Environment => new() { ["ASPNETCORE_ENVIRONMENT"] = _environment };

    /// <summary>The commands that read the settings, `serve` first: none may start, write or print a stack trace.</summary>
    static readonly string[][] Commands =
    [
        ["serve", "--urls", "http://127.0.0.1:0"],
        ["migrate"],
        ["inspections"],
        ["org", "add", "区审计局"],
        ["user", "add", "zhang", "--role", "reader", "--password", "Reader-pass-1234"],
        ["token", "create", "admin"],
        ["demo", "load"],
        ["audit", "verify"],
        ["backup", "backup.zip"],
        ["export", "--inspection", "1"],
    ];

    void AssertEveryCommandRefused(string expected, bool unprivileged = false)
    {
        foreach (var args in Commands)
        {
            var (exit, output, err) = unprivileged ? RunAsNobody(args) : CliTests.RunWith(_data, Environment, args);
            var command = string.Join(' ', args);
            Assert.True(exit == 2, $"{command}: exit {exit}\n{output}\n{err}");
            var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(SettingsFile, line);
            Assert.Contains(expected, line);
            Assert.DoesNotContain("Exception", err);
            Assert.DoesNotContain("Rectify 已启动", output);
        }
        Assert.False(Directory.Exists(_data), "a refused start writes nothing, not even the data folder");
    }

    [Fact]
    public void A_malformed_settings_file_refuses_serve_and_every_command_in_one_line_naming_the_file_and_the_line()
    {
        // A comma forgotten after the first entry, as happens when a // is removed in the package's file.
        File.WriteAllText(SettingsFile, "{\n  \"Rectify:TimeZone\": \"Asia/Shanghai\"\n  \"Rectify:DemoOnFirstStart\": false\n}\n");
        AssertEveryCommandRefused("不是有效的 JSON：第 3 行附近有误");
    }

    [Fact]
    public void A_directory_in_place_of_the_settings_file_is_refused_instead_of_silently_starting_without_settings()
    {
        Directory.CreateDirectory(SettingsFile);
        AssertEveryCommandRefused("是一个目录，不是文件");
    }

    [Fact]
    public void An_unreadable_settings_file_is_refused_naming_the_missing_permission()
    {
        // Root reads every file: as root the commands run as nobody (setpriv), for whom the file is unreadable.
        var asNobody = System.Environment.IsPrivilegedProcess;
        if (asNobody && !File.Exists("/usr/bin/setpriv"))
            Assert.Skip("以 root 运行且没有 setpriv（util-linux）：root 能读任何文件，造不出不可读的设置文件；目录代替文件的情形另有测试");
        File.WriteAllText(SettingsFile, "{}");
        File.SetUnixFileMode(SettingsFile, UnixFileMode.None);
        AssertEveryCommandRefused("没有读取权限", unprivileged: asNobody);
    }

    (int Exit, string Out, string Err) RunAsNobody(string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", Path.Combine(AppContext.BaseDirectory, "Rectify.dll"), "--data", _data })
            psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = _environment;
        psi.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        psi.Environment["RECTIFY_ADMIN_PASSWORD"] = "admin-pass-123";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A guard against a hung process only (a start that was not refused).
        if (!p.WaitForExit(300_000)) { p.Kill(true); throw new TimeoutException(string.Join(' ', args)); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void A_settings_file_as_the_package_writes_it_is_read_and_one_with_a_key_twice_is_refused()
    {
        Directory.CreateDirectory(_data);
        var good = Path.Combine(_data, "good.json");
        // A byte-order mark (Windows Notepad), // comments and a trailing comma: all read by .NET, so not refused.
        File.WriteAllText(good, "// 设置\n{\n  // \"Rectify:TimeZone\": \"Asia/Shanghai\",\n  \"Rectify:DemoOnFirstStart\": false,\n}\n", new System.Text.UTF8Encoding(true));
        Assert.Null(Settings.FileProblem(good));
        // The same key twice, once whole and once nested: .NET refuses it at start.
        var twice = Path.Combine(_data, "twice.json");
        File.WriteAllText(twice, """{ "Rectify:TimeZone": "Asia/Shanghai", "Rectify": { "TimeZone": "Asia/Urumqi" } }""");
        Assert.Equal($"设置文件 {twice} 中的键“Rectify:TimeZone”出现了不止一次。", Settings.FileProblem(twice));
        var array = Path.Combine(_data, "array.json");
        File.WriteAllText(array, "[]");
        Assert.Contains("最外层应是一个对象", Settings.FileProblem(array));
        Assert.Null(Settings.FileProblem(Path.Combine(_data, "none.json")));
        // The package's link to /etc/rectify/appsettings.json, whose target was deleted: not started without settings.
        var link = Path.Combine(_data, "appsettings.Production.json");
        File.CreateSymbolicLink(link, Path.Combine(_data, "etc", "appsettings.json"));
        Assert.Equal($"设置文件 {link} 指向的 {Path.Combine(_data, "etc", "appsettings.json")} 不存在。", Settings.FileProblem(link));
        // A link to a good file is read and named by its target, the file the administrator edits.
        File.Delete(link);
        File.CreateSymbolicLink(link, array);
        Assert.Equal($"设置文件 {array} 的最外层应是一个对象（{{ … }}）。", Settings.FileProblem(link));
    }

    [Fact]
    public async Task The_first_start_names_the_package_s_password_file_when_the_password_came_from_it()
    {
        var output = await FirstStart(new() { ["RECTIFY_FIRST_PASSWORDS_FILE"] = "/etc/rectify/first-passwords" });
        Assert.Contains("请用管理员账户 admin 登录，密码为文件 /etc/rectify/first-passwords 中的 RECTIFY_ADMIN_PASSWORD 所设。", output);
    }

    [Fact]
    public async Task The_first_start_names_the_settings_file_when_the_password_is_set_there()
    {
        // Comments and a trailing comma, as in the package's file: read, not refused.
        File.WriteAllText(SettingsFile, "{\n  // 首次启动时 admin 的密码\n  \"Rectify:AdminPassword\": \"Settings-pass-1234\",\n}\n");
        var output = await FirstStart(new() { ["RECTIFY_FIRST_PASSWORDS_FILE"] = "/etc/rectify/first-passwords" });
        Assert.Contains($"请用管理员账户 admin 登录，密码为设置文件 {SettingsFile} 中的 Rectify:AdminPassword 所设。", output);
    }

    /// <summary>`serve` on the empty data folder, until it says how to sign in (or ends); what it printed.</summary>
    async Task<string> FirstStart(Dictionary<string, string> more)
    {
        var ct = TestContext.Current.CancellationToken;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Rectify.dll"), "--data", _data, "serve", "--urls", "http://127.0.0.1:0" })
            psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = _environment;
        psi.Environment["RECTIFY_ADMIN_PASSWORD"] = "admin-pass-123";
        psi.Environment["RECTIFY_SYSADMIN_PASSWORD"] = "system-pass-123";
        psi.Environment["RECTIFY_SECADMIN_PASSWORD"] = "security-pass-123";
        psi.Environment["RECTIFY_AUDITADMIN_PASSWORD"] = "auditor-pass-123";
        psi.Environment["Rectify__Security__RequireTwoFactor"] = "false";
        psi.Environment["Rectify__DemoOnFirstStart"] = "false";
        foreach (var (key, value) in more) psi.Environment[key] = value;
        var (output, err) = await CliTests.ServeUntilSignInAsync(psi, ct);
        return output + "\n" + err;
    }

    public void Dispose()
    {
        if (File.Exists(SettingsFile)) File.Delete(SettingsFile);
        if (Directory.Exists(SettingsFile)) Directory.Delete(SettingsFile);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data)) Directory.Delete(_data, true);
    }
}
