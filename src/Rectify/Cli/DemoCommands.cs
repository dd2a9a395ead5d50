using System.CommandLine;
using Rectify.Data;
using Rectify.Features.Overview;

namespace Rectify.Cli;

/// <summary>`rectify demo load`: the demo ledger on a server that started without it; `rectify demo generate`: district-scale synthetic data for measurements.</summary>
public static class DemoCommands
{
    public static Command Create()
    {
        var orgs = new Option<int>("--orgs") { Description = "单位数", DefaultValueFactory = _ => 3000 };
        var problems = new Option<int>("--problems") { Description = "问题数", DefaultValueFactory = _ => 120000 };
        var seed = new Option<int>("--seed") { Description = "随机种子（同一种子生成同样的数据）", DefaultValueFactory = _ => 2026 };
        var generate = new Command("generate", "生成区级规模的模拟数据（组织、巡察、问题、状态、时限、措施、历史），用于测速与压测") { orgs, problems, seed };
        generate.SetAction((parse, ct) => Commands.WithAppAsync(parse, async sp =>
        {
            var r = await DistrictGenerator.GenerateAsync(sp.GetRequiredService<Storage>(), sp.GetRequiredService<Rectify.Core.OfficeClock>(), parse.GetValue(orgs), parse.GetValue(problems), parse.GetValue(seed), Console.Out, ct);
            Console.WriteLine($"已生成 {r.Organizations} 个单位、{r.Inspections} 次巡察、{r.Problems} 个问题，用时 {r.Took.TotalSeconds:0.0} 秒");
            return 0;
        }));
        var load = new Command("load", "载入演示台账（梅江区城北镇，14 个问题）；安装包的服务首次启动时不载入");
        load.SetAction((parse, ct) => Commands.WithAppAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<RectifyDb>();
            db.Actor = $"命令行（{Environment.UserName}）";
            await Setup.LoadDemoAsync(db, sp.GetRequiredService<Rectify.Core.OfficeClock>());
            Console.WriteLine("已载入演示台账：梅江区城北镇");
            return 0;
        }));
        return new Command("demo", "演示与模拟数据") { load, generate };
    }
}
