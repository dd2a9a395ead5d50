using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

// Load client for a running Rectify server (see tools/load.sh).
//   dotnet Rectify.Load.dll --url http://127.0.0.1:5080 --token rct_… [--approver-token rct_…] [--clients 50] [--duration 60] [--mode mixed|public] [--think-ms 0] [--server-pid PID]
// mixed: ledger pages, problem pages, status changes, the public list, public notice pages and comments.
// public: the public notice page alone, for requests per second.
// ledger-api: GET /api/problems alone with a status filter, a Chinese word, or both, pages 1–5 of 50 rows (issue 21 item 5).
// province: the ledger API with each usual filter (status, a word, overdue, a unit's subtree with --unit-token),
// the overview (/api/overview) and a unit's drill-down (/overview/problems?org=…) (issue 21 item 3).
// --server-pid also samples the server's resident memory (VmRSS) every 200 ms: the highest is printed.
// --think-ms N: each client pauses a random 0…2N ms after each request, as people reading a page do;
// 0 (the default) is a closed loop: every client sends its next request as soon as the last one is answered.
// --server-pid PID: the server runs on this machine; its CPU time during the timed run is printed per request.
// A status change refused with 409 (someone else changed the problem first) or 422 (the rules refuse the
// move) is the server doing its job; those are counted apart from errors (5xx, timeouts, other codes).

var options = Options.Parse(args);
var readOnly = options.Mode is "ledger-api" or "province";
// The read-only modes change nothing: no notice is published, no problem sampled.
var setup = readOnly ? new Setup([], 0, [], []) : await Setup.PrepareAsync(options);
using var rss = new RssSampler(options.ServerPid);
Console.WriteLine($"准备完成:{setup.Inspections.Count} 次巡察,{setup.Candidates.Count} 个可改状态的问题,公告 {string.Join(",", setup.Notices)};{options.Clients} 个并发客户端,{options.Duration} 秒,模式 {options.Mode}"
    + (options.ThinkMs > 0 ? $",每次请求后停顿 0–{2 * options.ThinkMs} 毫秒" : ",无停顿(闭环)"));
var clientCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
var serverCpu = ServerCpu.Read(options.ServerPid);

var stats = new ConcurrentDictionary<string, KindStats>();
var stop = DateTime.UtcNow.AddSeconds(options.Duration);
var clock = Stopwatch.StartNew();
var workers = Enumerable.Range(0, options.Clients).Select(i => Task.Run(() => new Worker(options, setup, stats, i).RunAsync(stop))).ToArray();
await Task.WhenAll(workers);
var elapsed = clock.Elapsed.TotalSeconds;
var serverUsed = ServerCpu.Read(options.ServerPid) - serverCpu;

Console.WriteLine();
Console.WriteLine($"{"种类",-14}{"请求数",8}{"请求/秒",10}{"p50 ms",9}{"p95 ms",9}{"p99 ms",9}{"max ms",9}{"409/422",9}{"错误",7}");
var total = 0; var errors = 0;
foreach (var (kind, s) in stats.OrderBy(k => k.Key, StringComparer.Ordinal))
{
    var ms = s.Latencies.ToArray(); Array.Sort(ms);
    total += ms.Length; errors += s.Errors;
    Console.WriteLine($"{kind,-14}{ms.Length,8}{ms.Length / elapsed,10:0.0}{Pct(ms, 50),9:0.0}{Pct(ms, 95),9:0.0}{Pct(ms, 99),9:0.0}{(ms.Length == 0 ? 0 : ms[^1]),9:0.0}{s.Refused,9}{s.Errors,7}");
}
var all = stats.Values.SelectMany(s => s.Latencies).ToArray(); Array.Sort(all);
Console.WriteLine($"{"(全部)",-14}{total,8}{total / elapsed,10:0.0}{Pct(all, 50),9:0.0}{Pct(all, 95),9:0.0}{Pct(all, 99),9:0.0}{(all.Length == 0 ? 0 : all[^1]),9:0.0}{stats.Values.Sum(s => s.Refused),9}{errors,7}");
foreach (var (kind, s) in stats)
    foreach (var (what, n) in s.ErrorKinds.OrderByDescending(e => e.Value).Take(5))
        Console.WriteLine($"  错误 {kind}: {what} ×{n}");
// The client shares the machine with the server: what it costs is part of the arithmetic.
var usedCpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds;
Console.WriteLine($"负载客户端 CPU:{usedCpu:0.0} 秒,每个请求 {(total == 0 ? 0 : usedCpu * 1000 / total):0.00} 毫秒");
if (options.ServerPid is not null)
{
    Console.WriteLine($"服务器 CPU(计时的 {elapsed:0} 秒内):{serverUsed:0.0} 秒,即 {serverUsed / elapsed:0.00} 个核,每个请求 {(total == 0 ? 0 : serverUsed * 1000 / total):0.00} 毫秒");
    Console.WriteLine($"服务器内存(VmRSS):开始 {rss.First / 1024} MB,最高 {rss.Max / 1024} MB,结束 {RssSampler.Read(options.ServerPid) / 1024} MB");
}
return errors == 0 ? 0 : 1;

static double Pct(double[] sorted, int p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];

/// <summary>CPU seconds (user + system) a process on this machine has used, from /proc (Linux); 0 when not given.</summary>
static class ServerCpu
{
    public static double Read(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/stat")) return 0;
        // Fields after the command name (in parentheses): utime and stime are the 12th and 13th, in clock ticks (100 a second).
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(fields[11]) + double.Parse(fields[12])) / 100.0;
    }
}

/// <summary>The server's resident memory in kB (VmRSS from /proc), sampled every 200 ms while the run lasts.</summary>
sealed class RssSampler : IDisposable
{
    readonly Timer? _timer;
    public long First { get; }
    public long Max { get; private set; }

    public RssSampler(int? pid)
    {
        First = Max = Read(pid);
        if (pid is not null) _timer = new Timer(_ => Max = Math.Max(Max, Read(pid)), null, 200, 200);
    }

    public static long Read(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/status")) return 0;
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    public void Dispose() => _timer?.Dispose();
}

sealed record Options(Uri Url, string Token, string? ApproverToken, int Clients, int Duration, string Mode, int ThinkMs, int? ServerPid, string? UnitToken = null, int? Unit = null)
{
    public static Options Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var url = Get("--url") ?? "http://127.0.0.1:5080";
        var token = Get("--token") ?? Environment.GetEnvironmentVariable("RECTIFY_TOKEN")
            ?? throw new ArgumentException("须给出 --token(用 rectify token create admin 生成)");
        return new Options(new Uri(url), token, Get("--approver-token"), int.Parse(Get("--clients") ?? "50"), int.Parse(Get("--duration") ?? "60"), Get("--mode") ?? "mixed", int.Parse(Get("--think-ms") ?? "0"),
            Get("--server-pid") is { } pid ? int.Parse(pid) : null, Get("--unit-token"), Get("--unit") is { } unit ? int.Parse(unit) : null);
    }
}

sealed class KindStats
{
    public ConcurrentBag<double> Latencies { get; } = [];
    public int Errors;
    public int Refused;
    public ConcurrentDictionary<string, int> ErrorKinds { get; } = new();
}

/// <summary>A problem whose status can be toggled in-progress ⇄ not-feasible, with the version last seen.</summary>
sealed class Candidate(int id, string status, int version)
{
    public int Id { get; } = id;
    public string Status { get; set; } = status;
    public int Version { get; set; } = version;
}

sealed record Setup(List<int> Inspections, int MaxProblemId, List<Candidate> Candidates, List<int> Notices)
{
    public static HttpClient Authorized(Options o, string? token = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        { BaseAddress = o.Url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? o.Token);
        return http;
    }

    public static async Task<Setup> PrepareAsync(Options o)
    {
        using var http = Authorized(o);
        // The approver of a notice may not be the one who submitted it.
        using var approver = Authorized(o, o.ApproverToken);
        var inspections = await http.GetFromJsonAsync<List<JsonElement>>("/api/inspections") ?? [];
        var ids = inspections.Select(i => i.GetProperty("id").GetInt32()).ToList();
        var maxProblem = inspections.Sum(i => i.GetProperty("problems").GetInt32());

        // A published notice for the public pages: the ones already published, else publish one.
        var notices = PublishedNotices(await http.GetStringAsync("/public"));
        var random = new Random(7);
        for (var tries = 0; notices.Count == 0 && tries < 30; tries++)
        {
            // The demo ledger (inspection 1) names its issuing body; generated ones may not, and are refused a notice.
            var id = tries == 0 && ids.Contains(1) ? 1 : ids[random.Next(ids.Count)];
            var draft = await http.PutAsJsonAsync($"/api/inspections/{id}/notice", new { leadershipText = "党委召开专题会议部署整改。", nextStepsText = "持续巩固整改成果。", documentKind = "Announcement" });
            if (!draft.IsSuccessStatusCode) { if (tries < 2) Console.Error.WriteLine($"巡察 {id} 的公告草稿未能保存:{await draft.Content.ReadAsStringAsync()}"); continue; }
            var submit = await http.PostAsJsonAsync($"/api/inspections/{id}/notice/submit", new { secrecyReviewed = true });
            if (!submit.IsSuccessStatusCode) continue;
            if (!(await approver.PostAsync($"/api/inspections/{id}/notice/approve", null)).IsSuccessStatusCode) continue;
            var publish = await approver.PostAsync($"/api/inspections/{id}/notice/publish", null);
            if (publish.IsSuccessStatusCode) notices = PublishedNotices(await http.GetStringAsync("/public"));
        }
        if (notices.Count == 0) throw new InvalidOperationException("没有已发布的公告,也未能发布一篇");

        var candidates = new List<Candidate>();
        for (var tries = 0; candidates.Count < 400 && tries < 3000; tries++)
        {
            var response = await http.GetAsync($"/api/problems/{random.Next(1, maxProblem + 1)}");
            if (!response.IsSuccessStatusCode) continue;
            var p = await response.Content.ReadFromJsonAsync<JsonElement>();
            var moves = p.GetProperty("allowedMoves").EnumerateArray().Select(m => m.GetString()).ToList();
            var status = p.GetProperty("status").GetString()!;
            if ((status == "in-progress" && moves.Contains("not-feasible")) || (status == "not-feasible" && moves.Contains("in-progress")))
                candidates.Add(new Candidate(p.GetProperty("id").GetInt32(), status, p.GetProperty("version").GetInt32()));
        }
        return new Setup(ids, maxProblem, candidates, notices);
    }

    static List<int> PublishedNotices(string html) =>
        Regex.Matches(html, @"/public/notices/(\d+)").Select(m => int.Parse(m.Groups[1].Value)).Distinct().ToList();
}

sealed class Worker(Options o, Setup setup, ConcurrentDictionary<string, KindStats> stats, int index)
{
    readonly Random _random = new(1000 + index);
    readonly HttpClient _staff = Setup.Authorized(o);
    readonly HttpClient _public = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    { BaseAddress = o.Url, Timeout = TimeSpan.FromSeconds(30) };
    string? _formToken;

    public async Task RunAsync(DateTime stop)
    {
        while (DateTime.UtcNow < stop)
        {
            if (o.ThinkMs > 0) await Task.Delay(_random.Next(2 * o.ThinkMs + 1));
            if (o.Mode == "public") { await PublicNoticeAsync(); continue; }
            if (o.Mode == "ledger-api") { await LedgerApiAsync(_random.Next(3)); continue; }
            if (o.Mode == "province") { await ProvinceAsync(); continue; }
            var roll = _random.Next(100);
            if (roll < 20) await TimedAsync("ledger", () => _staff.GetAsync($"/inspections/{Pick(setup.Inspections)}"));
            else if (roll < 45) await TimedAsync("problem-page", () => _staff.GetAsync($"/problems/{_random.Next(1, setup.MaxProblemId + 1)}"), notFoundOk: true);
            else if (roll < 55 && setup.Candidates.Count > 0) await StatusChangeAsync();
            else if (roll < 65) await TimedAsync("public-list", () => _public.GetAsync("/public"));
            else if (roll < 90) await PublicNoticeAsync();
            else await CommentAsync();
        }
    }

    int Pick(List<int> from) => from[_random.Next(from.Count)];

    static readonly string[] Statuses = ["in-progress", "phased", "completed", "not-started", "not-feasible", "completed-sustained"];
    static readonly string[] Words = ["撂荒", "公务用车", "意识形态", "三会一课", "财务管理", "津贴补贴", "信访", "营商环境"];

    /// <summary>The ledger list: 0 a status, 1 a word, 2 both; a page from 1 to 5 of 50 rows.</summary>
    Task LedgerApiAsync(int which)
    {
        var status = Statuses[_random.Next(Statuses.Length)];
        var word = Uri.EscapeDataString(Words[_random.Next(Words.Length)]);
        var page = 1 + _random.Next(5);
        var (kind, query) = which switch
        {
            0 => ("api-status", $"status={status}"),
            1 => ("api-word", $"q={word}"),
            _ => ("api-status+word", $"status={status}&q={word}"),
        };
        return TimedAsync(kind, () => _staff.GetAsync($"/api/problems?{query}&page={page}&pageSize=50"));
    }

    HttpClient? _unit;

    /// <summary>The province's usual questions: the ledger with each filter, the overview, a unit's drill-down.</summary>
    Task ProvinceAsync()
    {
        var roll = _random.Next(100);
        var page = 1 + _random.Next(5);
        if (roll < 45) return LedgerApiAsync(_random.Next(3));
        if (roll < 60) return TimedAsync("api-overdue", () => _staff.GetAsync($"/api/problems?overdue=true&page={page}"));
        if (roll < 75 && o.UnitToken is not null)
        {
            // A unit user sees its subtree: the scope is the filter.
            _unit ??= Setup.Authorized(o, o.UnitToken);
            var status = Statuses[_random.Next(Statuses.Length)];
            return TimedAsync("api-subtree", () => _unit.GetAsync($"/api/problems?status={status}&page={page}"));
        }
        if (roll < 88) return TimedAsync("overview", () => _staff.GetAsync("/api/overview"));
        return TimedAsync("drill-down", () => _staff.GetAsync($"/overview/problems?org={o.Unit ?? 2}&page={page}"));
    }

    Task PublicNoticeAsync() => TimedAsync("public-notice", () => _public.GetAsync($"/public/notices/{Pick(setup.Notices)}"));

    async Task StatusChangeAsync()
    {
        var c = setup.Candidates[_random.Next(setup.Candidates.Count)];
        int version; string to;
        lock (c) { version = c.Version; to = c.Status == "in-progress" ? "not-feasible" : "in-progress"; }
        var body = new { status = to, reason = to == "not-feasible" ? "压测:暂不具备整改条件" : null, version };
        var response = await TimedAsync("status", () => _staff.PostAsJsonAsync($"/api/problems/{c.Id}/status", body), refusedOk: true);
        if (response is null) return;
        // After a refusal the problem is read again, untimed, so the next try starts from what is stored.
        var p = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>()
            : await _staff.GetFromJsonAsync<JsonElement>($"/api/problems/{c.Id}");
        lock (c) { c.Status = p.GetProperty("status").GetString()!; c.Version = p.GetProperty("version").GetInt32(); }
    }

    async Task CommentAsync()
    {
        var notice = Pick(setup.Notices);
        if (_formToken is null)
        {
            // The form's antiforgery token comes with the notice page, with its cookie (untimed).
            var html = await _public.GetStringAsync($"/public/notices/{notice}");
            _formToken = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        }
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["NoticeId"] = notice.ToString(),
            ["Content"] = $"压测留言 {index}-{_random.Next()}:希望整改结果及时公开。",
            ["__RequestVerificationToken"] = _formToken,
        });
        await TimedAsync("comment", () => _public.PostAsync("/public/feedback", form), redirectOk: true);
    }

    async Task<HttpResponseMessage?> TimedAsync(string kind, Func<Task<HttpResponseMessage>> send, bool refusedOk = false, bool redirectOk = false, bool notFoundOk = false)
    {
        var s = stats.GetOrAdd(kind, _ => new KindStats());
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await send();
            await response.Content.LoadIntoBufferAsync();
            s.Latencies.Add(clock.Elapsed.TotalMilliseconds);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode || (redirectOk && code == 302) || (notFoundOk && code == 404)) return response;
            if (refusedOk && code is 409 or 422) { Interlocked.Increment(ref s.Refused); return response; }
            Interlocked.Increment(ref s.Errors);
            s.ErrorKinds.AddOrUpdate($"HTTP {code}", 1, (_, n) => n + 1);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref s.Errors);
            s.ErrorKinds.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
            return null;
        }
    }
}
