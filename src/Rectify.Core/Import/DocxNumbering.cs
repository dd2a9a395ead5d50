using DocumentFormat.OpenXml.Wordprocessing;

namespace Rectify.Core.Import;

/// <summary>
/// Word's automatic list numbering is not in the paragraph text: "一、" or "(一)" typed by Word from a
/// numbering definition would be lost, and with it the notice's structure. This puts the markers back,
/// counting as Word does, so a list numbered by Word gives the same ledger as the numbers typed:
/// <list type="bullet">
/// <item>the list is the paragraph's own numPr, else its style's (a heading style linked to a list), through basedOn;</item>
/// <item>lists (w:num) of one definition (w:abstractNum) share their counters and so continue each other,
/// except a list with a start override (lvlOverride/startOverride: Word's "restart numbering"), which counts
/// on its own from that value;</item>
/// <item>a level override (lvlOverride/lvl) replaces the definition's level for that list;</item>
/// <item>a deeper level starts again after a higher one, unless its lvlRestart says otherwise (0: never);</item>
/// <item>bullets and numFmt none give no marker.</item>
/// </list>
/// </summary>
internal sealed class DocxNumbering(Numbering? numbering, Styles? styles)
{
    private Dictionary<string, int[]> counters = [];

    /// <summary>A copy that counts on its own, for text that may yet be read another way; <see cref="Take"/> adopts its counts.</summary>
    public DocxNumbering Probe() => new(numbering, styles) { counters = counters.ToDictionary(c => c.Key, c => (int[])c.Value.Clone()) };

    public void Take(DocxNumbering probe) => counters = probe.counters;

    public string MarkerOf(Paragraph p)
    {
        if (numbering is null || Resolve(p) is not var (numId, styleId, givenLevel)) return "";
        var instance = numbering.Elements<NumberingInstance>().FirstOrDefault(n => n.NumberID?.Value == numId);
        if (instance?.AbstractNumId?.Val?.Value is not { } abstractId) return "";
        var definition = numbering.Elements<AbstractNum>().FirstOrDefault(a => a.AbstractNumberId?.Value == abstractId);
        if (definition is null) return "";
        var overrides = instance.Elements<LevelOverride>().ToList();
        Level? LevelAt(int k) =>
            overrides.FirstOrDefault(o => o.LevelIndex?.Value == k)?.Level
            ?? definition.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == k);
        // A style linked to a level of the list names that level; else the paragraph's own, else the first.
        var ilvl = givenLevel
            ?? definition.Elements<Level>().FirstOrDefault(l => styleId is not null && l.ParagraphStyleIdInLevel?.Val?.Value == styleId)?.LevelIndex?.Value
            ?? 0;
        if (ilvl is < 0 or > 8 || LevelAt(ilvl) is not { } level) return "";

        var startOverrides = overrides.Where(o => o.StartOverrideNumberingValue?.Val?.Value is not null)
            .ToDictionary(o => o.LevelIndex?.Value ?? 0, o => o.StartOverrideNumberingValue!.Val!.Value);
        var key = startOverrides.Count > 0 ? $"num{numId}" : $"abstract{abstractId}";
        if (!counters.TryGetValue(key, out var count)) counters[key] = count = new int[9];
        count[ilvl] = count[ilvl] == 0 ? startOverrides.GetValueOrDefault(ilvl, Start(level)) : count[ilvl] + 1;
        for (var deeper = ilvl + 1; deeper < 9; deeper++)
        {
            // lvlRestart N: start again after a level up to N (1-based) is used; 0: never.
            var restartAfter = LevelAt(deeper)?.LevelRestart?.Val?.Value ?? deeper;
            if (ilvl < restartAfter) count[deeper] = 0;
        }

        var format = level.NumberingFormat?.Val;
        if (format is not null && (format.Value == NumberFormatValues.Bullet || format.Value == NumberFormatValues.None)) return "";
        var text = level.LevelText?.Val?.Value ?? "";
        for (var k = 0; k <= ilvl; k++)
        {
            var at = k == ilvl ? count[k] : Math.Max(count[k], LevelAt(k) is { } up ? Start(up) : 1);
            text = text.Replace($"%{k + 1}", Format(at, LevelAt(k)?.NumberingFormat?.Val?.Value));
        }
        return text;
    }

    /// <summary>The list and level of a paragraph: its own numPr, else its style's; numId 0 removes numbering.</summary>
    private (int NumId, string? StyleId, int? Level)? Resolve(Paragraph p)
    {
        var own = p.ParagraphProperties?.NumberingProperties;
        var styleId = p.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        int? numId = own?.NumberingId?.Val?.Value;
        int? level = own?.NumberingLevelReference?.Val?.Value;
        var style = styleId;
        for (var depth = 0; numId is null && style is not null && depth < 10; depth++)
        {
            var s = styles?.Elements<Style>().FirstOrDefault(x => x.StyleId?.Value == style);
            var styled = s?.StyleParagraphProperties?.NumberingProperties;
            numId ??= styled?.NumberingId?.Val?.Value;
            level ??= styled?.NumberingLevelReference?.Val?.Value;
            style = s?.BasedOn?.Val?.Value;
        }
        return numId is { } id and not 0 ? (id, styleId, level) : null;
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
