using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Rectify.Data;

namespace Rectify.Tests.Cli;

/// <summary>What a command does before its work: migrate a database that is behind (and say so), touch none it does not need.</summary>
public sealed class StartupCliTests : IDisposable
{
    readonly string _data = Path.Combine(Path.GetTempPath(), "rectify-startup-" + Guid.NewGuid().ToString("N"));

    static SqliteRectifyDb Open(string data) => new(new DbContextOptionsBuilder<SqliteRectifyDb>()
        .UseSqlite($"Data Source={Path.Combine(data, "rectify.db")};Pooling=False").Options);

    [Fact]
    public async Task A_command_on_a_database_one_migration_behind_migrates_it_and_says_so_and_on_a_current_one_does_not()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_data);
        string latest;
        await using (var db = Open(_data))
        {
            var known = db.Database.GetMigrations().ToList();
            latest = known[^1];
            // A database an older build made: every migration but the last.
            await db.GetService<IMigrator>().MigrateAsync(known[^2], ct);
        }

        var behind = CliTests.Run(_data, "inspections", "--json");
        Assert.True(behind.Exit == 0, behind.Err);
        Assert.Contains("正在迁移数据库", behind.Err);
        Assert.Contains(latest, behind.Err);
        await using (var db = Open(_data))
            Assert.Equal(latest, (await db.Database.GetAppliedMigrationsAsync(ct)).Last());

        var current = CliTests.Run(_data, "inspections", "--json");
        Assert.Equal(0, current.Exit);
        Assert.DoesNotContain("迁移", current.Err);
        Assert.DoesNotContain("建立数据库", current.Err);
        // The same ledger both times: the work was done, only the migration was not.
        Assert.Equal(behind.Out, current.Out);
    }

    [Fact]
    public void A_new_data_folder_is_set_up_with_a_message_and_the_demo()
    {
        var (exit, output, err) = CliTests.Run(_data, "inspections");
        Assert.Equal(0, exit);
        Assert.Contains("正在建立数据库", err);
        Assert.Contains("城北镇", output);
    }

    [Fact]
    public void Check_and_import_without_save_create_no_data_folder()
    {
        var notice = Path.Combine(AppContext.BaseDirectory, "TestData", "chengbei-2023-09-08.txt");
        var check = CliTests.Run(_data, "check", notice);
        Assert.Equal(1, check.Exit); // the summary the body contradicts
        Assert.Contains("[summary-mismatch]", check.Out);
        var import = CliTests.Run(_data, "import", notice, "--json");
        Assert.Equal(0, import.Exit);
        Assert.Contains("\"categories\"", import.Out);
        Assert.False(Directory.Exists(_data), "check and import without --save must not create the data folder");
    }

    [Fact]
    public async Task Serve_prints_where_it_listens_and_on_the_first_start_how_to_sign_in()
    {
        var ct = TestContext.Current.CancellationToken;
        async Task<List<string>> StartAndStop(string last)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Rectify.dll"), "--data", _data, "serve", "--urls", "http://127.0.0.1:0" })
                psi.ArgumentList.Add(a);
            psi.Environment["RECTIFY_ADMIN_PASSWORD"] = "admin-pass-123";
            psi.Environment["Rectify__Security__RequireTwoFactor"] = "false";
            using var p = Process.Start(psi)!;
            _ = p.StandardError.ReadToEndAsync(ct);
            var lines = new List<string>();
            try
            {
                // Until the line expected last is printed.
                while (await p.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromMinutes(3), ct) is { } line)
                {
                    lines.Add(line);
                    if (line.StartsWith(last, StringComparison.Ordinal)) break;
                }
                var address = System.Text.RegularExpressions.Regex.Match(string.Join("\n", lines), @"已启动：(http://127\.0\.0\.1:\d+)").Groups[1].Value;
                using var http = new HttpClient();
                Assert.True((await http.GetAsync(address + "/healthz", ct)).IsSuccessStatusCode, "listening when it says so");
            }
            finally
            {
                p.Kill(true);
                await p.WaitForExitAsync(ct);
            }
            lines.Add(await p.StandardOutput.ReadToEndAsync(ct));
            return lines;
        }

        var first = string.Join("\n", await StartAndStop("请用管理员账户"));
        Assert.Contains("请用管理员账户 admin 登录，密码为环境变量 RECTIFY_ADMIN_PASSWORD 所设", first);
        var later = string.Join("\n", await StartAndStop("Rectify 已启动"));
        Assert.Contains("Rectify 已启动：http://127.0.0.1:", later);
        Assert.DoesNotContain("请用管理员账户", later);
        Assert.DoesNotContain("建立数据库", later);
    }

    /// <summary>
    /// The repository's own `./rectify` on a tree already built: it builds nothing, starts the server and prints the
    /// URL and, on the first start, the account to sign in with. The tree is a copy of the wrapper beside this build's
    /// output, stamped as built (the real tree's build is the wrapper's first start, not a test's); how fast it starts
    /// is measured in bench/cli.md.
    /// </summary>
    [Fact]
    public async Task The_rectify_wrapper_on_a_built_tree_builds_nothing_and_prints_the_url_and_the_first_account()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Rectify.FullWidth.FullWidthSweep.FindRoot(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("Rectify.slnx not found");
        var tree = _data + "-tree";
        var built = Path.Combine(tree, ".build", "rectify");
        Directory.CreateDirectory(Path.Combine(tree, "src"));
        Directory.CreateDirectory(built);
        try
        {
            File.Copy(Path.Combine(root, "rectify"), Path.Combine(tree, "rectify"));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(tree, "rectify"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props" })
                File.Copy(Path.Combine(root, props), Path.Combine(tree, props));
            // The build's output, as the wrapper's publish leaves it in .build/rectify.
            foreach (var entry in new DirectoryInfo(AppContext.BaseDirectory).EnumerateFileSystemInfos())
                File.CreateSymbolicLink(Path.Combine(built, entry.Name), entry.FullName);
            File.WriteAllText(Path.Combine(built, ".stamp"), "");
            var sourcesBefore = DateTime.UtcNow.AddMinutes(-1);
            foreach (var f in Directory.EnumerateFiles(tree, "*.props")) File.SetLastWriteTimeUtc(f, sourcesBefore);

            int port;
            using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            }
            var psi = new ProcessStartInfo(Path.Combine(tree, "rectify")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = tree };
            foreach (var a in new[] { "--data", _data, "serve", "--urls", $"http://127.0.0.1:{port}" }) psi.ArgumentList.Add(a);
            psi.Environment["RECTIFY_ADMIN_PASSWORD"] = "admin-pass-123";
            psi.Environment["Rectify__Security__RequireTwoFactor"] = "false";
            // The wrapper execs the server: its process is the server's, stopped with it.
            var (output, err) = await CliTests.ServeUntilSignInAsync(psi, ct);
            Assert.Contains($"Rectify 已启动：http://127.0.0.1:{port}", output);
            Assert.Contains("请用管理员账户 admin 登录，密码为环境变量 RECTIFY_ADMIN_PASSWORD 所设", output);
            Assert.DoesNotContain("构建", err);
        }
        finally
        {
            if (Directory.Exists(tree)) Directory.Delete(tree, true);
        }
    }

    /// <summary>
    /// The repository's own `./rectify` on a fresh clone: it says it is building, shows each project as it is built,
    /// then runs what it built; a later start with no source newer than the build says nothing of building. The
    /// `dotnet` it calls is a stand-in first on PATH that prints what a publish prints and leaves the output it would,
    /// so the wrapper's own steps are what is tested, in a second, not a real build.
    /// </summary>
    [Fact]
    public async Task The_rectify_wrapper_on_a_fresh_clone_says_it_is_building_shows_each_project_then_runs_and_later_starts_build_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Rectify.FullWidth.FullWidthSweep.FindRoot(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("Rectify.slnx not found");
        var tree = _data + "-clone";
        var stubs = Path.Combine(tree, "stub-bin");
        Directory.CreateDirectory(Path.Combine(tree, "src", "Rectify"));
        Directory.CreateDirectory(stubs);
        const UnixFileMode runnable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        try
        {
            File.Copy(Path.Combine(root, "rectify"), Path.Combine(tree, "rectify"));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(tree, "rectify"), runnable);
            foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props" })
                File.Copy(Path.Combine(root, props), Path.Combine(tree, props));
            var sourcesBefore = DateTime.UtcNow.AddMinutes(-1);
            foreach (var f in Directory.EnumerateFiles(tree, "*.props")) File.SetLastWriteTimeUtc(f, sourcesBefore);
            // What `dotnet` prints for --info and publish (the output folder's own line last), and the file publish leaves.
            File.WriteAllText(Path.Combine(stubs, "dotnet"), """
                #!/usr/bin/env bash
                set -eu
                case "${1-}" in
                  --info) printf ' OS Name:     stub\n RID:         stub-x64\n Base Path:   /x/\n' ;;
                  publish)
                    out=; prev=
                    for a in "$@"; do [ "$prev" = "-o" ] && out=$a; prev=$a; done
                    printf '%s\n' "$*" >> "$(dirname "$0")/publish.args"
                    echo "  Determining projects to restore..."
                    echo "  Rectify.Core -> /x/Rectify.Core.dll"
                    echo "  Rectify -> /x/Rectify.dll"
                    mkdir -p "$out"; : > "$out/Rectify.dll"
                    echo "  Rectify -> $out/" ;;
                  *) echo "运行 $*" ;;
                esac
                """.Replace("\r\n", "\n"));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(stubs, "dotnet"), runnable);

            async Task<(int Exit, string Out, string Err)> Start()
            {
                var psi = new ProcessStartInfo(Path.Combine(tree, "rectify")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = tree };
                foreach (var a in new[] { "--data", _data, "inspections" }) psi.ArgumentList.Add(a);
                psi.Environment["PATH"] = stubs + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
                using var p = Process.Start(psi)!;
                var output = p.StandardOutput.ReadToEndAsync(ct);
                var err = p.StandardError.ReadToEndAsync(ct);
                await p.WaitForExitAsync(ct);
                return (p.ExitCode, await output, await err);
            }
            var built = Path.Combine(tree, ".build", "rectify");

            var first = await Start();
            Assert.True(first.Exit == 0, first.Err);
            Assert.StartsWith("正在构建 Rectify，首次约需1分钟…\n", first.Err);
            // Each project once, as it is built; the output folder's line is not a project.
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(first.Err, "已构建 Rectify$", System.Text.RegularExpressions.RegexOptions.Multiline));
            Assert.Contains("已构建 Rectify.Core\n", first.Err);
            Assert.Contains("构建完成，用时", first.Err);
            Assert.DoesNotContain("构建失败", first.Err);
            // Published for this machine's RID into .build/rectify, and then that build is what runs, with the arguments given.
            Assert.Contains("-r stub-x64 ", File.ReadAllText(Path.Combine(stubs, "publish.args")));
            Assert.Contains($"-o {built} ", File.ReadAllText(Path.Combine(stubs, "publish.args")));
            Assert.Equal($"运行 {Path.Combine(built, "Rectify.dll")} --data {_data} inspections\n", first.Out);
            Assert.True(File.Exists(Path.Combine(built, ".stamp")), "the build is stamped");

            var later = await Start();
            Assert.True(later.Exit == 0, later.Err);
            Assert.DoesNotContain("构建", later.Err);
            Assert.Equal(first.Out, later.Out);
            Assert.Single(File.ReadAllLines(Path.Combine(stubs, "publish.args")));

            // A source changed since: built again, and said so as a rebuild.
            File.WriteAllText(Path.Combine(tree, "src", "Rectify", "Changed.cs"), "");
            File.SetLastWriteTimeUtc(Path.Combine(tree, "src", "Rectify", "Changed.cs"), DateTime.UtcNow.AddMinutes(1));
            var changed = await Start();
            Assert.True(changed.Exit == 0, changed.Err);
            Assert.StartsWith("正在重新构建 Rectify（源代码有改动）…\n", changed.Err);
            Assert.Contains("已构建 Rectify\n", changed.Err);
            Assert.Equal(2, File.ReadAllLines(Path.Combine(stubs, "publish.args")).Length);
        }
        finally
        {
            if (Directory.Exists(tree)) Directory.Delete(tree, true);
        }
    }

    [Fact]
    public void Every_service_the_commands_compose_without_the_web_host_can_be_made()
    {
        // What `serve` registers besides (cookies, pages, background work) is not there: a command that needs a
        // service of it would fail only when run; here each registration's dependencies are checked at once.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { Args = [] });
        builder.Configuration[Rectify.Data.StorageOptions.DataKey] = _data;
        builder.ConfigureContainer(new DefaultServiceProviderFactory(
            new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        AppHost.AddServices(builder.Services);
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Rectify.Data.AppUser>>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<Rectify.Features.Problems.EvidenceStore>());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data)) Directory.Delete(_data, true);
    }
}
