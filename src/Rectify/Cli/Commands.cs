using System.CommandLine;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;

namespace Rectify.Cli;

/// <summary>The command line: one executable for the server and the office's chores.</summary>
public static class Commands
{
    /// <summary>Exit codes: 0 done, 1 findings with errors, 2 refused input or usage.</summary>
    public const int Refused = 2;

    static readonly Option<string?> Data = new("--data")
    {
        Description = "数据目录（默认 ./data，或环境变量 RECTIFY_DATA）",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Rectify 巡察整改全流程管理：问题反馈 → 整改台账 → 进展与销号 → 监督 → 报告与公开");
        root.Options.Add(Data);
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(Migrate());
        root.Subcommands.Add(ListInspections());
        root.Subcommands.Add(Load());
        root.Subcommands.Add(Export());
        root.Subcommands.Add(Org());
        root.Subcommands.Add(User());
        root.Subcommands.Add(Token());
        root.Subcommands.Add(AuditCommands.Create());
        foreach (var c in BackupCommands.Create()) root.Subcommands.Add(c);
        root.Subcommands.Add(DemoCommands.Create());
        foreach (var c in ImportCommands.Create()) root.Subcommands.Add(c);
        root.Subcommands.Add(Features.Notices.NoticeCommand.Create());
        foreach (var c in ExtraCommands) root.Subcommands.Add(c());
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(config);
        }
        catch (Exception e) when (e is DomainException or NotFoundException or InvalidOperationException or IOException or JsonException
                                      or Core.Import.ImportRefusedException)
        {
            Console.Error.WriteLine("错误：" + e.Message);
            return Refused;
        }
    }

    /// <summary>Commands that later features add (import, check, notice…).</summary>
    internal static readonly List<Func<Command>> ExtraCommands = [];

    /// <summary>
    /// Runs one piece of work in a scope of the services a command needs (<see cref="Compose"/>), on a database
    /// at this build's schema: checked in one query, migrated (with a message on stderr) only when new or behind.
    /// </summary>
    internal static async Task<int> WithAppAsync(ParseResult parse, Func<IServiceProvider, Task<int>> work, bool seed = true, bool migrate = true)
    {
        using var host = Compose(parse);
        if (migrate) await Setup.PrepareAsync(host.Services, Console.Error, seed);
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>
    /// The services of a command that serves no HTTP: AppHost.AddServices, the list `serve` uses too, from the same
    /// configuration (appsettings.json, environment), checked the same way; no web host, pages or background work.
    /// </summary>
    internal static IHost Compose(ParseResult parse)
    {
        Settings.CheckFiles(AppContext.BaseDirectory);
        var config = new ConfigurationManager();
        // A command reads its configuration once: no file watcher.
        config["hostBuilder:reloadConfigOnChange"] = "false";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            // The web host's name for it is honoured too, as `serve` does.
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
            Configuration = config,
        });
        if (parse.GetValue(Data) is { } dir) builder.Configuration[StorageOptions.DataKey] = dir;
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        AppHost.AddServices(builder.Services);
        return Settings.BuildChecked(builder);
    }

    static Command Migrate()
    {
        var cmd = new Command("migrate", "把数据库升级到本程序的结构（其他命令在数据库落后时也会自动升级）");
        cmd.SetAction(async (parse, ct) =>
        {
            using var host = Compose(parse);
            var storage = host.Services.GetRequiredService<Storage>();
            using var folderLock = storage.Provider == DatabaseProvider.Sqlite ? DataFolderLock.Acquire(storage.DataFolder) : null;
            await Setup.MigrateAsync(host.Services, Console.Error);
            Console.WriteLine($"数据库已是本程序的结构：{storage.Describe()}");
            return 0;
        });
        return cmd;
    }

    static Command Serve()
    {
        var urls = new Option<string>("--urls") { Description = "监听地址", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var cmd = new Command("serve", "运行网页应用（首次启动时创建管理员账户（admin 及三员）并载入演示台账）") { urls };
        cmd.SetAction(async (parse, ct) =>
        {
            Settings.CheckFiles(AppContext.BaseDirectory);
            var app = AppHost.Build([], b =>
            {
                if (parse.GetValue(Data) is { } dir) b.Configuration[StorageOptions.DataKey] = dir;
                b.WebHost.UseUrls(parse.GetValue(urls)!);
            });
            var storage = app.Services.GetRequiredService<Storage>();
            using var folderLock = storage.Provider == DatabaseProvider.Sqlite ? DataFolderLock.Acquire(storage.DataFolder) : null;
            var first = await Setup.PrepareAsync(app.Services, Console.Out);
            await app.StartAsync(ct);
            // Said once listening, with the address bound (a port 0 becomes the one chosen).
            Console.WriteLine($"Rectify 已启动：{string.Join(" ", app.Urls)}（数据：{storage.Describe()}）");
            if (first)
            {
                var accounts = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Account.AccountOptions>>().Value;
                Console.WriteLine("请用管理员账户 admin 登录，密码" + (string.IsNullOrEmpty(accounts.AdminPassword)
                    ? "见上方“初始密码”一行（只显示这一次）" : $"为{AdminPasswordSource(app.Configuration, accounts)} 所设") + "。");
            }
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// Where admin's first password was given (the order <see cref="Settings"/> reads it in): a settings file, the
    /// environment, or the package's root-only file that systemd and the `rectify` wrapper read into the environment
    /// (they say so in Rectify:FirstPasswordsFile).
    /// </summary>
    static string AdminPasswordSource(IConfiguration config, Features.Account.AccountOptions accounts)
    {
        const string key = "Rectify:AdminPassword";
        if (((config as IConfigurationRoot)?.Providers ?? []).Reverse().FirstOrDefault(p => p.TryGet(key, out var v) && !string.IsNullOrWhiteSpace(v)) is { } provider)
            return provider switch
            {
                // The package's appsettings.Production.json is a link: named by the file the administrator edits.
                Microsoft.Extensions.Configuration.FileConfigurationProvider file when file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath is { } path
                    => $"设置文件 {new FileInfo(path).ResolveLinkTarget(true)?.FullName ?? path} 中的 {key}",
                Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider => "环境变量 Rectify__AdminPassword",
                _ => "设置 " + key,
            };
        return accounts.FirstPasswordsFile is { } passwords ? $"文件 {passwords} 中的 RECTIFY_ADMIN_PASSWORD" : "环境变量 RECTIFY_ADMIN_PASSWORD";
    }

    static Command ListInspections()
    {
        var json = new Option<bool>("--json") { Description = "输出 JSON" };
        var cmd = new Command("inspections", "列出巡察（编号、被巡察单位、轮次、问题数）") { json };
        cmd.SetAction((parse, ct) => WithAppAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<RectifyDb>();
            var rows = await db.Inspections.AsNoTracking().OrderBy(i => i.Id).Select(i => new
            {
                id = i.Id,
                organization = i.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).FirstOrDefault(),
                round = i.Round!.Body + i.Round.Name,
                group = i.Group,
                problems = i.Problems.Count,
            }).ToListAsync(ct);
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(rows, LedgerJson.Options));
            else
            {
                Console.WriteLine("编号\t被巡察单位\t轮次\t巡察组\t问题数");
                foreach (var r in rows) Console.WriteLine($"{r.id}\t{r.organization}\t{r.round}\t{r.group}\t{r.problems}");
            }
            return 0;
        }));
        return cmd;
    }

    static Command Load()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "交换格式的台账 JSON 文件，或台账 Excel 工作簿（.xlsx）" };
        var allowDuplicate = new Option<bool>("--allow-duplicate") { Description = "该单位在这一轮已有台账时仍然载入（另建一份）" };
        var cmd = new Command("load", "把交换格式 JSON 台账或台账 Excel（.xlsx）载入为一次新的巡察（缺少的组织和轮次会自动创建）；该单位在这一轮已有台账时拒绝，退出码 2") { file, allowDuplicate };
        cmd.SetAction((parse, ct) =>
        {
            var f = parse.GetValue(file)!;
            if (!f.Exists) throw new IOException($"文件不存在：{f.FullName}");
            // Validate before touching the database, so a bad file writes nothing.
            var doc = f.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadWorkbook(f) : LedgerJson.Read(File.ReadAllText(f.FullName));
            return WithAppAsync(parse, async sp =>
            {
                var db = sp.GetRequiredService<RectifyDb>();
                // As the Excel import page: the office keeps one ledger per unit and round, a second only when asked for.
                if (!parse.GetValue(allowDuplicate) && await Features.Import.NoticeDuplicates.FindLedgerAsync(db, doc, null, ct) is { } dup)
                    throw new DomainException(dup.Refusal(maySee: true, "--allow-duplicate", withId: true));
                var i = await LedgerTransfer.LoadAsync(db, doc, sp.GetRequiredService<Rectify.Core.OfficeClock>(), ct: ct);
                Console.WriteLine($"已载入巡察 {i.Id}:{doc.Categories.Count} 个方面，{doc.AllProblems.Count()} 个问题");
                return 0;
            });
        });
        return cmd;
    }

    /// <summary>The ledger sheet of a workbook; the organisation comes from its title row "{单位}巡察整改台账(截至…)".</summary>
    static LedgerDocument ReadWorkbook(FileInfo f)
    {
        using var stream = f.OpenRead();
        var result = Core.Excel.LedgerWorkbook.Read(stream);
        if (result.Ledger is not { } doc)
            throw new DomainException(string.Join("\n", result.Errors.Select(e => (e.Row is { } r ? $"第 {r} 行" : "") + (e.Column is { } c ? $"“{c}”列" : "") + ":" + e.Message)));
        doc.Inspection.Target ??= result.Organisation;
        return doc;
    }

    static Command Export()
    {
        var id = new Option<int>("--inspection") { Description = "巡察编号", Required = true };
        var format = new Option<string>("--format") { Description = "格式：json", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json");
        var output = new Option<FileInfo?>("-o", "--output") { Description = "输出文件（默认标准输出）" };
        var cmd = new Command("export", "导出台账（交换格式 JSON，统计数由台账计算）") { id, format, output };
        cmd.SetAction((parse, ct) => WithAppAsync(parse, async sp =>
        {
            var doc = await LedgerTransfer.ExportAsync(sp.GetRequiredService<RectifyDb>(), parse.GetValue(id), ct)
                ?? throw new NotFoundException($"巡察 {parse.GetValue(id)} 不存在");
            var text = LedgerJson.Write(doc);
            if (parse.GetValue(output) is { } o) await File.WriteAllTextAsync(o.FullName, text, ct);
            else Console.WriteLine(text);
            return 0;
        }));
        return cmd;
    }

    static Command Org()
    {
        var name = new Argument<string>("NAME") { Description = "组织名称" };
        var parent = new Option<string?>("--parent") { Description = "上级组织名称" };
        var add = new Command("add", "新增组织") { name, parent };
        add.SetAction((parse, ct) => WithAppAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<RectifyDb>();
            var n = parse.GetValue(name)!.Trim();
            if (n.Length == 0) throw new DomainException("组织名称不能为空");
            // The check and the save as one unit: a transient PostgreSQL error repeats both (RetriedUnit).
            var (org, p) = await RetriedUnit.RunAsync(db, async t =>
            {
                Organization? p = null;
                if (parse.GetValue(parent) is { } pn)
                    p = await db.Organizations.FirstOrDefaultAsync(o => o.Name == pn, t) ?? throw new NotFoundException($"上级组织“{pn}”不存在");
                if (await db.Organizations.AnyAsync(o => o.Name == n && o.ParentId == (p == null ? null : p.Id), t))
                    throw new DomainException($"组织“{n}”已存在");
                var org = db.Organizations.Add(new Organization { Name = n, Parent = p }).Entity;
                await db.SaveChangesAsync(t);
                return (org, p);
            }, ct);
            Console.WriteLine($"已新增组织 {org.Id}:{n}" + (p is null ? "" : $"（上级：{p.Name}）"));
            return 0;
        }));
        return new Command("org", "组织管理") { add };
    }

    static Command User()
    {
        var name = new Argument<string>("NAME") { Description = "用户名" };
        var role = new Option<string[]>("--role") { Description = "角色（可重复）：" + string.Join("、", Roles.All), Required = true, Arity = ArgumentArity.OneOrMore };
        role.AcceptOnlyFromAmong(Roles.All);
        var org = new Option<string?>("--org") { Description = "所属组织名称（决定可见范围）" };
        var password = new Option<string?>("--password") { Description = "密码（不给则生成并显示）" };
        var email = new Option<string?>("--email") { Description = "邮箱，消息同时发到这里（可不给）" };
        var add = new Command("add", "新增用户") { name, role, org, password, email };
        add.SetAction((parse, ct) =>
        {
            var roles = parse.GetValue(role)!.Distinct().ToList();
            // 三员分立: refused before anything is opened.
            if (Roles.Conflict(roles) is { } refusal) throw new DomainException(refusal);
            var (address, wrongAddress) = Features.Admin.AccountWork.Email(parse.GetValue(email));
            if (wrongAddress is not null) throw new DomainException(wrongAddress);
            return WithAppAsync(parse, async sp =>
            {
                var db = sp.GetRequiredService<RectifyDb>();
                var users = sp.GetRequiredService<UserManager<AppUser>>();
                db.Actor = $"命令行（{Environment.UserName}）";
                int? orgId = null;
                if (parse.GetValue(org) is { } on)
                    orgId = (await db.Organizations.FirstOrDefaultAsync(o => o.Name == on, ct) ?? throw new NotFoundException($"组织“{on}”不存在")).Id;
                var given = parse.GetValue(password);
                var pw = given ?? "Rx" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
                var user = new AppUser { UserName = parse.GetValue(name), OrganizationId = orgId, Email = address };
                // The account and its roles together: no account is left without them.
                await RetriedUnit.RunAsync(db, async t =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync(t);
                    var result = await users.CreateAsync(user, pw);
                    if (result.Succeeded) result = await users.AddToRolesAsync(user, roles);
                    if (!result.Succeeded) throw new DomainException(string.Join(";", result.Errors.Select(e => e.Description)));
                    await tx.CommitAsync(t);
                }, ct);
                Console.WriteLine($"已新增用户 {user.UserName}({string.Join("、", roles.Select(Roles.Chinese))})" + (address is null ? "" : $"，邮箱 {address}") + (given is null ? $"，密码：{pw}" : ""));
                return 0;
            });
        });
        var lost = new Argument<string>("NAME") { Description = "用户名" };
        var reset = new Command("reset-two-factor", "重置丢失的验证器：作废其密钥和恢复码，结束全部会话和 API 令牌，下次登录须重新设置（安全管理员的工作）") { lost };
        reset.SetAction((parse, ct) => WithAppAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<RectifyDb>();
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            db.Actor = $"命令行（{Environment.UserName}）";
            var user = await users.FindByNameAsync(parse.GetValue(lost)!) ?? throw new NotFoundException($"用户“{parse.GetValue(lost)}”不存在");
            var tokens = await Features.Admin.AccountWork.ResetAuthenticatorAsync(db, users, user, ct);
            Console.WriteLine($"已重置 {user.UserName} 的验证器：原密钥和恢复码作废，全部会话已结束" + (tokens > 0 ? $"，吊销 API 令牌 {tokens} 个" : "")
                + "；下次登录时须先重新设置验证器。");
            return 0;
        }));
        return new Command("user", "用户管理") { add, reset };
    }

    static Command Token()
    {
        var name = new Argument<string>("USER") { Description = "用户名" };
        var create = new Command("create", "为用户创建 API 令牌（最后一行即令牌，只显示这一次）") { name };
        create.SetAction((parse, ct) => WithAppAsync(parse, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var db = sp.GetRequiredService<RectifyDb>();
            var (user, token) = await RetriedUnit.RunAsync(db, async _ =>
            {
                var user = await users.FindByNameAsync(parse.GetValue(name)!) ?? throw new NotFoundException($"用户“{parse.GetValue(name)}”不存在");
                return (user, await ApiTokenService.CreateAsync(db, user, "cli", sp.GetRequiredService<TimeProvider>()));
            }, ct);
            Console.WriteLine($"已为 {user.UserName} 创建 API 令牌（90 天有效，用法：Authorization: Bearer 令牌）：");
            Console.WriteLine(token);
            return 0;
        }));
        var listUser = new Argument<string?>("USER") { Description = "用户名（不给则列出全部）", Arity = ArgumentArity.ZeroOrOne };
        var list = new Command("list", "列出 API 令牌（编号、用户、名称、创建、到期、是否有效；不显示令牌本身）") { listUser };
        list.SetAction((parse, ct) => WithAppAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<RectifyDb>();
            string? userId = null;
            if (parse.GetValue(listUser) is { } un)
                userId = (await sp.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(un) ?? throw new NotFoundException($"用户“{un}”不存在")).Id;
            Console.WriteLine("编号\t用户\t名称\t创建\t到期\t状态");
            var office = sp.GetRequiredService<Rectify.Core.OfficeClock>();
            foreach (var t in await Features.Account.TokensApi.ListAsync(db, sp.GetRequiredService<TimeProvider>(), userId, ct))
                Console.WriteLine($"{t.Id}\t{t.User}\t{t.Name}\t{office.ShowDate(t.CreatedAt)}\t{(t.ExpiresAt is { } e ? office.ShowDate(e) : "")}\t{(t.Active ? "有效" : t.RevokedAt is not null ? "已吊销" : "已过期")}");
            return 0;
        }));
        var revokeId = new Argument<int>("ID") { Description = "令牌编号（见 token list）" };
        var revoke = new Command("revoke", "吊销 API 令牌，立即失效") { revokeId };
        revoke.SetAction((parse, ct) => WithAppAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<RectifyDb>();
            var token = await RetriedUnit.RunAsync(db, async c =>
            {
                var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == parse.GetValue(revokeId), c) ?? throw new NotFoundException($"令牌 {parse.GetValue(revokeId)} 不存在");
                token.RevokedAt ??= sp.GetRequiredService<TimeProvider>().GetUtcNow();
                await db.SaveChangesAsync(c);
                return token;
            }, ct);
            Console.WriteLine($"已吊销令牌 {token.Id}");
            return 0;
        }));
        return new Command("token", "API 令牌") { create, list, revoke };
    }
}
