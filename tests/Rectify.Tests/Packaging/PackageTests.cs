using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Rectify.Features.Account;
using Rectify.Infrastructure;

namespace Rectify.Tests.Packaging;

/// <summary>
/// Issue 23: the packages build-package.sh leaves in dist/ (./test.sh builds them first). A package is unpacked
/// with dpkg-deb into a temporary root and its own maintainer scripts run there (RECTIFY_ROOT), with a stand-in
/// for systemctl that starts the packaged program as the unit does: CI runs in a container without systemd,
/// and installing for real with dpkg would change the machine everyone's tests run on.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PackageTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("rectify-pkg-").FullName;
    readonly List<string> _more = [];

    static string Repo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rectify.slnx"))) dir = dir.Parent;
        return dir!.FullName;
    }

    /// <summary>The newest package of the architecture in dist/, or the test is skipped saying how to make one.</summary>
    static string Package(string arch)
    {
        var dist = new DirectoryInfo(Path.Combine(Repo(), "dist"));
        var deb = dist.Exists ? dist.GetFiles($"rectify_*_{arch}.deb").OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault() : null;
        if (deb is null) Assert.Skip($"dist/ 中没有 {arch} 安装包:先运行 ./build-package.sh(./test.sh 会先构建)");
        return deb.FullName;
    }

    static string VersionOf(string deb) => Regex.Match(Path.GetFileName(deb), "^rectify_(.+)_[a-z0-9]+\\.deb$").Groups[1].Value;

    /// <summary>Runs a program with only the environment given: no dotnet on the PATH, no DOTNET_ROOT.</summary>
    static (int Exit, string Out, string Err) Run(string file, IEnumerable<string> args, Dictionary<string, string>? env = null, string? cwd = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cwd ?? Path.GetTempPath() };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LANG"] = "C.UTF-8";
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(true); throw new TimeoutException(file + " " + string.Join(' ', args)); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    static void Ok((int Exit, string Out, string Err) r, string what) => Assert.True(r.Exit == 0, $"{what}: exit {r.Exit}\n{r.Out}\n{r.Err}");

    static int FreePort()
    {
        using var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    static async Task<string> HealthAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var until = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                var r = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
                return $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                if (DateTime.UtcNow > until) return "no answer: " + e.Message;
                await Task.Delay(200);
            }
        }
    }

    [Fact]
    public async Task The_amd64_package_runs_its_version_and_serves_healthz_with_no_sdk_and_starts_without_the_demo()
    {
        var deb = Package("amd64");
        Ok(Run("dpkg-deb", ["-x", deb, _root]), "dpkg-deb -x");
        var program = Path.Combine(_root, "usr/lib/rectify/Rectify");
        // Self-contained: the runtime is in the package.
        Assert.True(File.Exists(Path.Combine(_root, "usr/lib/rectify/libcoreclr.so")));
        Assert.True(File.Exists(Path.Combine(_root, "usr/lib/rectify/wwwroot/lib/echarts/echarts.min.js")));
        // No folder with dotnet on the PATH, DOTNET_ROOT not set: the program needs neither.
        var bare = new Dictionary<string, string> { ["PATH"] = Directory.CreateTempSubdirectory("rectify-empty-path-").FullName };
        _more.Add(bare["PATH"]);
        var version = Run(program, ["--version"], bare);
        Ok(version, "--version");
        Assert.Equal(VersionOf(deb), version.Out.Trim());

        // serve with the package's settings (/etc/rectify/appsettings.json, read as appsettings.Production.json).
        var data = Path.Combine(_root, "var/lib/rectify");
        Directory.CreateDirectory(data);
        var port = FreePort();
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
        foreach (var a in new[] { "serve", "--urls", $"http://127.0.0.1:{port}", "--data", data }) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["PATH"] = bare["PATH"];
        psi.Environment["HOME"] = data;
        psi.Environment["RECTIFY_ADMIN_PASSWORD"] = "Package-pass-2026";
        using (var server = Process.Start(psi)!)
        {
            var output = server.StandardOutput.ReadToEndAsync();
            try
            {
                Assert.StartsWith("200 ", await HealthAsync(port));
            }
            finally
            {
                server.Kill(true);
                await server.WaitForExitAsync();
            }
            // Three administrators' passwords generated and printed once, admin's given; no demo loaded.
            Assert.DoesNotContain("Package-pass-2026", await output);
        }
        var inspections = Run(program, ["inspections", "--json", "--data", data], bare);
        Ok(inspections, "inspections");
        Assert.Equal("[]", inspections.Out.Trim());
        var demo = Run(program, ["demo", "load", "--data", data], bare);
        Ok(demo, "demo load");
        Assert.Contains("城北镇", Run(program, ["inspections", "--data", data], bare).Out);
        // A second time is refused, in Chinese, with nothing added.
        var again = Run(program, ["demo", "load", "--data", data], bare);
        Assert.Equal(2, again.Exit);
        Assert.Contains("演示台账已载入过", again.Err);
    }

    [Fact]
    public void The_arm64_package_holds_an_aarch64_program()
    {
        var deb = Package("arm64");
        Ok(Run("dpkg-deb", ["-x", deb, _root]), "dpkg-deb -x");
        var program = Path.Combine(_root, "usr/lib/rectify/Rectify");
        var file = Run("file", ["-b", program]);
        Ok(file, "file");
        Assert.Contains("ARM aarch64", file.Out);
        Assert.Contains("ARM aarch64", Run("file", ["-b", Path.Combine(_root, "usr/lib/rectify/libcoreclr.so")]).Out);
        // Run it too where the machine can (qemu-user with binfmt or by name).
        var qemu = new[] { "/usr/bin/qemu-aarch64", "/usr/bin/qemu-aarch64-static" }.FirstOrDefault(File.Exists);
        if (qemu is null) return;
        var version = Run(qemu, ["-L", "/usr/aarch64-linux-gnu", program, "--version"]);
        Ok(version, "qemu --version");
        Assert.Equal(VersionOf(deb), version.Out.Trim());
    }

    [Fact]
    public void The_packages_settings_hold_every_documented_key_commented_and_turn_the_demo_off()
    {
        var repo = Repo();
        var made = Run(Path.Combine(repo, "packaging/appsettings.sh"), [Path.Combine(repo, "docs/configuration.md")]);
        Ok(made, "appsettings.sh");
        var keys = File.ReadAllLines(Path.Combine(repo, "docs/configuration.md"))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1].Trim('`')).ToList();
        Assert.NotEmpty(keys);
        var lines = made.Out.Split('\n');
        foreach (var key in keys)
            Assert.True(lines.Any(l => l.TrimStart().StartsWith($"// \"{key}\":", StringComparison.Ordinal) || l.TrimStart().StartsWith($"\"{key}\":", StringComparison.Ordinal))
                        && lines.Any(l => l.TrimStart().StartsWith($"// {key} (default ", StringComparison.Ordinal)),
                $"{key} is not in the package's appsettings.json with its meaning");

        // The file is what the app reads (comments allowed): the package's values come through the typed options.
        var file = Path.Combine(_root, "appsettings.json");
        File.WriteAllText(file, made.Out);
        var config = new ConfigurationBuilder().AddJsonFile(file).Build();
        Assert.False(Settings.Require<AccountOptions>(config, AccountOptions.Section).DemoOnFirstStart);
        Assert.Equal(["127.0.0.1", "::1"], Settings.Require<ProxyOptions>(config, ProxyOptions.Section).KnownProxies);
    }

    /// <summary>Stands in for systemctl (start, stop, restart, is-active) where no systemd runs: starts the packaged program as rectify.service does.</summary>
    string ServiceStandIn()
    {
        var script = Path.Combine(_root, "service-stand-in.sh");
        File.WriteAllText(script, """
            #!/bin/sh
            root=$RECTIFY_ROOT
            pidfile=$root/service.pid
            stop() {
              [ -f "$pidfile" ] || return 0
              pid=$(cat "$pidfile"); kill "$pid" 2>/dev/null || true
              while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
              rm -f "$pidfile"
            }
            start() {
              (
                set -a
                RECTIFY_URLS=http://127.0.0.1:5080
                [ -r "$root/etc/rectify/first-passwords" ] && . "$root/etc/rectify/first-passwords"
                [ -r "$root/etc/default/rectify" ] && . "$root/etc/default/rectify"
                RECTIFY_DATA=$root/var/lib/rectify
                set +a
                cd "$root/var/lib/rectify"
                exec setsid "$root/usr/lib/rectify/Rectify" serve --urls "$RECTIFY_URLS"
              ) >>"$root/service.log" 2>&1 </dev/null &
              echo $! >"$pidfile"
            }
            case "$1" in
              start) start ;;
              stop) stop ;;
              restart) stop; start ;;
              is-active) [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" ;;
            esac
            """.Replace("\r", ""));
        File.SetUnixFileMode(script, (UnixFileMode)Convert.ToInt32("755", 8));
        return script;
    }

    /// <summary>The maintainer scripts of a package made as version <paramref name="version"/>: the same build, labelled so.</summary>
    string Scripts(string deb, string version)
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("rectify-ctl-").FullName);
        _more.Add(dir);
        Ok(Run("dpkg-deb", ["-e", deb, dir]), "dpkg-deb -e");
        var postinst = Path.Combine(dir, "postinst");
        File.WriteAllText(postinst, Regex.Replace(File.ReadAllText(postinst), "^VERSION=\"[^\"]*\"", $"VERSION=\"{version}\"", RegexOptions.Multiline));
        return dir;
    }

    /// <summary>Unpacks over the installed files as dpkg does: the conffiles the administrator changed are kept.</summary>
    void Unpack(string deb)
    {
        var conffiles = new[] { "etc/default/rectify", "etc/rectify/appsettings.json" }.Select(f => Path.Combine(_root, f))
            .Where(File.Exists).ToDictionary(f => f, File.ReadAllBytes);
        Ok(Run("dpkg-deb", ["-x", deb, _root]), "dpkg-deb -x");
        foreach (var (file, content) in conffiles) File.WriteAllBytes(file, content);
    }

    (int Exit, string Out, string Err) Maint(string scripts, string name, Dictionary<string, string> env, params string[] args) =>
        Run("/bin/sh", [Path.Combine(scripts, name), .. args], env);

    [Fact]
    public async Task An_upgrade_stops_backs_up_migrates_starts_and_keeps_every_row_and_remove_keeps_the_data_while_purge_deletes_it()
    {
        var deb = Package("amd64");
        var a = VersionOf(deb);
        var port = FreePort();
        var env = new Dictionary<string, string>
        {
            ["RECTIFY_ROOT"] = _root,
            ["RECTIFY_SERVICE_CMD"] = ServiceStandIn(),
            ["RECTIFY_HEALTH_SECONDS"] = "120",
        };
        var program = Path.Combine(_root, "usr/lib/rectify/Rectify");
        var data = Path.Combine(_root, "var/lib/rectify");
        var cli = new Dictionary<string, string> { ["RECTIFY_DATA"] = data };

        // Version A, installed: unpacked, configured, started, checked.
        var scriptsA = Scripts(deb, a);
        Ok(Maint(scriptsA, "preinst", env, "install"), "preinst install");
        Ok(Run("dpkg-deb", ["-x", deb, _root]), "dpkg-deb -x");
        File.AppendAllText(Path.Combine(_root, "etc/default/rectify"), $"RECTIFY_URLS=http://127.0.0.1:{port}\nRECTIFY_KEEP_BACKUPS=2\n");
        var installed = Maint(scriptsA, "postinst", env, "configure");
        Ok(installed, "postinst configure");
        var passwords = Path.Combine(_root, "etc/rectify/first-passwords");
        Assert.Contains(passwords, installed.Out);
        Assert.Equal((UnixFileMode)Convert.ToInt32("600", 8), File.GetUnixFileMode(passwords) & (UnixFileMode)Convert.ToInt32("777", 8));
        Assert.Matches("(?m)^RECTIFY_ADMIN_PASSWORD=\\S{12,}$", File.ReadAllText(passwords));
        Assert.Contains("健康检查通过", installed.Out);

        // Data, while it runs.
        Ok(Run(program, ["demo", "load"], cli), "demo load");
        Ok(Run(program, ["org", "add", "区审计局"], cli), "org add");
        var ledger = Run(program, ["export", "--inspection", "1"], cli);
        Ok(ledger, "export");
        var list = Run(program, ["inspections", "--json"], cli).Out;

        // Versions B, C and D in turn: preinst (stop, backup by the version still installed), unpack, postinst.
        var previous = a;
        foreach (var next in new[] { a + "+b", a + "+c", a + "+d" })
        {
            var scripts = Scripts(deb, next);
            var pre = Maint(scripts, "preinst", env, "upgrade", previous);
            Ok(pre, $"preinst upgrade {previous}");
            Assert.Contains("升级前备份", pre.Out);
            Unpack(deb);
            var post = Maint(scripts, "postinst", env, "configure", previous);
            Ok(post, $"postinst configure {previous}");
            Assert.Contains("迁移数据库", post.Out);
            Assert.Contains("健康检查通过", post.Out);
            previous = next;
        }
        var log = Path.Combine(_root, "service.log");
        Assert.True((await HealthAsync(port)).StartsWith("200 ", StringComparison.Ordinal), "the service after the upgrades:\n" + File.ReadAllText(log));
        // Every row kept, the audit log intact; the last two backups kept.
        Assert.Equal(ledger.Out, Run(program, ["export", "--inspection", "1"], cli).Out);
        Assert.Equal(list, Run(program, ["inspections", "--json"], cli).Out);
        Ok(Run(program, ["audit", "verify"], cli), "audit verify");
        var backups = Directory.GetFiles(Path.Combine(data, "backups"), "rectify-*.zip");
        Assert.Equal(2, backups.Length);
        Assert.Contains(backups, b => Path.GetFileName(b).StartsWith($"rectify-{a}+c-", StringComparison.Ordinal));

        // A failing upgrade (here: a wrong setting, so the migration refuses) says how to roll back, naming the backup.
        var scriptsE = Scripts(deb, a + "+e");
        Ok(Maint(scriptsE, "preinst", env, "upgrade", previous), "preinst upgrade");
        var settings = Path.Combine(_root, "etc/rectify/appsettings.json");
        var good = File.ReadAllText(settings);
        File.WriteAllText(settings, good.Replace("\"Rectify:DemoOnFirstStart\": false", "\"Rectify:DemoOnFirstStart\": false, \"Rectify:Uploads:MaxFileMB\": \"zwanzig\"", StringComparison.Ordinal));
        var failed = Maint(scriptsE, "postinst", env, "configure", previous);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("回退到 " + previous, failed.Err);
        Assert.Contains("rectify restore " + Path.Combine(data, "backups", $"rectify-{previous}-"), failed.Err);
        // Put right, the configuration is run again (dpkg --configure -a) and the service is back.
        File.WriteAllText(settings, good);
        Ok(Maint(scriptsE, "postinst", env, "configure", previous), "postinst configure again");
        Assert.StartsWith("200 ", await HealthAsync(port));

        // Removing keeps the data; purging deletes it, after a warning.
        var removed = Maint(scriptsE, "prerm", env, "remove");
        Ok(removed, "prerm remove");
        Assert.Contains("purge 才删除", removed.Out);
        Ok(Maint(scriptsE, "postrm", env, "remove"), "postrm remove");
        Assert.True(File.Exists(Path.Combine(data, "rectify.db")));
        var purged = Maint(scriptsE, "postrm", env, "purge");
        Ok(purged, "postrm purge");
        Assert.Contains("警告", purged.Err);
        Assert.False(Directory.Exists(data));
    }

    public void Dispose()
    {
        // A server a failed test left running.
        var pid = Path.Combine(_root, "service.pid");
        if (File.Exists(pid) && int.TryParse(File.ReadAllText(pid).Trim(), out var id))
            try { using var p = Process.GetProcessById(id); p.Kill(true); p.WaitForExit(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        foreach (var dir in _more.Append(_root))
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
