using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Excel;

/// <summary>
/// Seeded ledgers that try the cell formats hard: Chinese text, line breaks, indents, lines that look
/// like the numbering of items and measures, empty fields, every status and kind.
/// Names are single-line and unpadded (the reader trims them); free text has something besides spaces
/// (a blank cell is an absent field).
/// </summary>
sealed class RandomLedgers(int seed)
{
    readonly Random random = new(seed);

    static readonly string[] Words =
    [
        "学习贯彻", "习近平新时代中国特色社会主义思想", "不够深入", "乡村振兴", "撂荒复耕", "疫情防控", "“三重一大”", "集体决策",
        "财务管理", "不规范", "基层党组织", "建设", "薄弱", "作风建设", "形式主义", "官僚主义", "2023年6月2日", "3.5亿元",
        "(一)", "一是", "二是", "专题学习", "整改", "落实", "到位", "制度", "12项", "台账", ",", "。", ";", "、", "“", "”", "%",
        "abc", "A-1", " ", "　", "(", ")", "1.", "(2)",
    ];

    static readonly (RectificationStatus Status, string[] Written)[] StatusForms =
    [
        (RectificationStatus.CompletedSustained, ["已完成整改并长期坚持", "已完成整改,长期坚持", "已整改到位，持续推进"]),
        (RectificationStatus.Completed, ["已完成整改", "已完成", "已整改到位", "已销号"]),
        (RectificationStatus.Phased, ["取得阶段性成效", "已取得阶段性成效,预计2023年12月完成", "基本完成"]),
        (RectificationStatus.InProgress, ["正在推进", "正在整改", "持续推进中", "整改中"]),
        (RectificationStatus.NotFeasible, ["暂不具备整改条件"]),
        (RectificationStatus.NotStarted, ["未启动", "尚未整改"]),
        (RectificationStatus.NotStated, []),
    ];

    public LedgerDocument Next()
    {
        var ledger = new LedgerDocument { Title = Phrase(2, 6) };
        var ordinal = 0;
        var categories = random.Next(1, 5);
        for (var c = 1; c <= categories; c++)
        {
            var category = new CategoryItem { Ordinal = c, Title = $"{c}." + Phrase(1, 5) };
            for (var n = random.Next(1, 6); n > 0; n--) category.Problems.Add(Problem(++ordinal));
            ledger.Categories.Add(category);
        }
        return ledger;
    }

    ProblemItem Problem(int ordinal)
    {
        var (status, forms) = StatusForms[random.Next(StatusForms.Length)];
        var p = new ProblemItem
        {
            Ordinal = ordinal,
            Title = Phrase(1, 8),
            Detail = Maybe(() => Text(1, 4)),
            Items = Maybe(() => Many(1, 4, () => Text(1, 3))),
            Goal = Maybe(() => Text(1, 2)),
            Measures = random.Next(4) == 0 ? [] : Many(1, 6, () => Text(1, 3)),
            ResponsibleLeader = Maybe(() => Name()),
            ResponsibleDepartment = Maybe(() => Phrase(1, 2) + "办公室"),
            ResponsiblePerson = Maybe(() => Name() + (random.Next(3) == 0 ? "、" + Name() : "")),
            Deadline = Maybe<DateOnly?>(() => new DateOnly(2023, 1, 1).AddDays(random.Next(1500))),
            Kind = Maybe(() => Enum.GetValues<RectificationKind>()[random.Next(3)].Chinese()),
            Progress = Maybe(() => Text(1, 5)),
            Status = status.Code(),
            StatusText = forms.Length == 0 || random.Next(4) == 0 ? null : forms[random.Next(forms.Length)],
            ExpectedCompletion = Maybe<YearMonth?>(() => new YearMonth(random.Next(2022, 2027), random.Next(1, 13))),
            Closure = Maybe(() => new[] { "已销号", "待销号", "已驳回", "未销号" }[random.Next(4)]),
            Evidence = Maybe(() => string.Join('\n', Many(1, 4, () => Phrase(1, 3) + ".pdf"))),
            Remarks = Maybe(() => Text(1, 2)),
            AmountInvolved = Maybe<decimal?>(() => Amount()),
            AmountRectified = Maybe<decimal?>(() => Amount()),
        };
        return p;
    }

    T? Maybe<T>(Func<T> make) => random.Next(3) == 0 ? default : make();

    List<T> Many<T>(int min, int max, Func<T> make) => Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => make()).ToList();

    /// <summary>Several lines; some indented, some that look like "(2)…" or "3.…" numbering, some blank in between.</summary>
    string Text(int minLines, int maxLines)
    {
        var lines = Many(minLines, maxLines, () => random.Next(6) switch
        {
            0 => $"({random.Next(1, 9)})" + Phrase(1, 4),
            1 => $"{random.Next(1, 9)}." + Phrase(1, 4),
            2 => "　" + (random.Next(2) == 0 ? "　" : "") + (random.Next(2) == 0 ? $"({random.Next(1, 5)})" : "") + Phrase(1, 4),
            3 => "",
            _ => Phrase(1, 6),
        });
        return lines.Any(l => !string.IsNullOrWhiteSpace(l)) ? string.Join('\n', lines) : Phrase(1, 3);
    }

    /// <summary>One line with no spaces at either end.</summary>
    string Phrase(int min, int max)
    {
        var s = string.Concat(Many(min, max, () => Words[random.Next(Words.Length)])).Trim();
        return s.Length == 0 ? "问题" : s;
    }

    string Name() => "张王李赵刘陈杨黄"[random.Next(8)] + "晓建国华明丽"[random.Next(6)] + (random.Next(2) == 0 ? "" : "平");

    decimal Amount() => random.Next(3) switch
    {
        0 => 0m,
        1 => random.Next(1, 100_000_000),
        _ => Math.Round((decimal)random.NextDouble() * 10_000_000m, 2),
    };
}
