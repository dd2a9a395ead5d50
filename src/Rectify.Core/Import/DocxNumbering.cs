using DocumentFormat.OpenXml.Wordprocessing;

namespace Rectify.Core.Import;

/// <summary>
/// Word's automatic list numbering is not in the paragraph text: "一、" or "(一)" typed by Word from a
/// numbering definition would be lost, and with it the notice's structure. This puts the markers back,
/// counting as Word does (per list definition and level, deeper levels restarting).
/// </summary>
internal sealed class DocxNumbering(Numbering? numbering)
{
    private readonly Dictionary<int, int[]> counters = [];

    public string MarkerOf(Paragraph p)
    {
        var numPr = p.ParagraphProperties?.NumberingProperties;
        if (numbering is null || numPr?.NumberingId?.Val?.Value is not { } numId || numId == 0) return "";
        var ilvl = numPr.NumberingLevelReference?.Val?.Value ?? 0;
        var instance = numbering.Elements<NumberingInstance>().FirstOrDefault(n => n.NumberID?.Value == numId);
        if (instance?.AbstractNumId?.Val?.Value is not { } abstractId) return "";
        var levels = numbering.Elements<AbstractNum>().FirstOrDefault(a => a.AbstractNumberId?.Value == abstractId)?.Elements<Level>().ToList();
        if (levels is null || levels.FirstOrDefault(l => l.LevelIndex?.Value == ilvl) is not { } level) return "";

        if (!counters.TryGetValue(abstractId, out var count)) counters[abstractId] = count = new int[9];
        if (ilvl is < 0 or > 8) return "";
        count[ilvl] = count[ilvl] == 0 ? Start(level) : count[ilvl] + 1;
        for (var deeper = ilvl + 1; deeper < 9; deeper++) count[deeper] = 0;

        var text = level.LevelText?.Val?.Value ?? "";
        for (var k = 0; k <= ilvl; k++)
        {
            var fmt = levels.FirstOrDefault(l => l.LevelIndex?.Value == k)?.NumberingFormat?.Val;
            text = text.Replace($"%{k + 1}", Format(Math.Max(count[k], 1), fmt?.Value));
        }
        return text;
    }

    private static int Start(Level level) => level.StartNumberingValue?.Val?.Value ?? 1;

    private static string Format(int n, NumberFormatValues? fmt)
    {
        if (fmt == NumberFormatValues.ChineseCounting || fmt == NumberFormatValues.ChineseCountingThousand
            || fmt == NumberFormatValues.IdeographTraditional || fmt == NumberFormatValues.TaiwaneseCounting
            || fmt == NumberFormatValues.ChineseLegalSimplified || fmt == NumberFormatValues.IdeographLegalTraditional)
            return ChineseText.Numeral(n);
        if ((fmt == NumberFormatValues.DecimalEnclosedCircle || fmt == NumberFormatValues.DecimalEnclosedCircleChinese) && n is >= 1 and <= 20)
            return ((char)('①' + n - 1)).ToString();
        return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
