using System.Text.RegularExpressions;

namespace Rectify.Core.Import;

/// <summary>The numbering marker a heading line starts with; which level it is depends on the notice.</summary>
public enum MarkerKind { None, ChineseComma, ParenChinese, ArabicDot, ParenArabic, Circled }

public enum LineKind
{
    /// <summary>Ordinary text.</summary>
    Paragraph,
    /// <summary>A numbered heading ("一、", "(一)", "1.", "(1)", "①").</summary>
    Heading,
    /// <summary>"整改状态:…".</summary>
    StatusLabel,
    /// <summary>"整改过程:", "整改情况:", "整改落实情况:", "整改措施:"….</summary>
    MeasuresLabel,
    /// <summary>"责任领导:", "责任单位:", "整改时限:"… (a ledger field of a problem).</summary>
    FieldLabel,
    /// <summary>"欢迎…监督", "联系方式:…": the closing part, after the problems.</summary>
    Closing,
    /// <summary>Web page furniture: metadata, breadcrumbs, share buttons.</summary>
    Noise,
}

/// <summary>One non-empty line of a notice, classified. <see cref="Text"/> is as written; <see cref="Key"/> is for matching.</summary>
public sealed record NoticeLine(int Index, string Text, string Key, LineKind Kind)
{
    public MarkerKind Marker { get; init; }
    public int Ordinal { get; init; }
    /// <summary>Where the text after the marker (or after the label's colon) starts.</summary>
    public int RestStart { get; init; }
    /// <summary>For labels: the label itself ("整改过程", "责任领导").</summary>
    public string? Label { get; init; }

    public string Rest => Text[RestStart..].Trim();
    public string RestKey => Key[RestStart..].Trim();
}

/// <summary>Regex-based classification of single lines; knows nothing of the document around them.</summary>
public static partial class LineClassifier
{
    public static NoticeLine Classify(int index, string text)
    {
        var key = ChineseText.Key(text);
        if (HeadingRegex().Match(key) is { Success: true } h) return Heading(index, text, key, h);
        if (LabelRegex().Match(key) is { Success: true } l)
        {
            var label = l.Groups["label"].Value;
            var kind = StatusLabels.Contains(label) ? LineKind.StatusLabel
                : MeasuresLabels.Contains(label) ? LineKind.MeasuresLabel
                : LineKind.FieldLabel;
            return new NoticeLine(index, text, key, kind) { RestStart = l.Groups["rest"].Index, Label = label };
        }
        if (ClosingRegex().IsMatch(key)) return new NoticeLine(index, text, key, LineKind.Closing);
        if (IsNoise(key)) return new NoticeLine(index, text, key, LineKind.Noise);
        return new NoticeLine(index, text, key, LineKind.Paragraph);
    }

    private static NoticeLine Heading(int index, string text, string key, Match h)
    {
        var (marker, number) =
            h.Groups["cc"].Success ? (MarkerKind.ChineseComma, ChineseText.Number(h.Groups["cc"].Value))
            : h.Groups["pc"].Success ? (MarkerKind.ParenChinese, ChineseText.Number(h.Groups["pc"].Value))
            : h.Groups["ad"].Success ? (MarkerKind.ArabicDot, ChineseText.Number(h.Groups["ad"].Value))
            : h.Groups["pa"].Success ? (MarkerKind.ParenArabic, ChineseText.Number(h.Groups["pa"].Value))
            : (MarkerKind.Circled, h.Groups["ci"].Value[0] - '①' + 1);
        return new NoticeLine(index, text, key, LineKind.Heading) { Marker = marker, Ordinal = number ?? 0, RestStart = h.Groups["rest"].Index };
    }

    /// <summary>Labels that carry the status of a problem.</summary>
    private static readonly HashSet<string> StatusLabels = ["整改状态", "完成情况", "整改进度", "完成状态", "整改结果", "目前状态", "当前状态", "办理状态"];

    /// <summary>Labels that introduce the measures taken.</summary>
    private static readonly HashSet<string> MeasuresLabels =
        ["整改过程", "整改情况", "整改落实情况", "整改措施", "整改举措", "整改进展", "整改进展情况", "落实情况", "主要措施", "具体措施", "整改成效"];

    // A heading is a marker at the very start of the line. "1." must not be followed by a digit (2023.5 is a date).
    [GeneratedRegex(@"^\s*(?:(?<cc>[一二三四五六七八九十]{1,3})\s*[、.,]|[(](?<pc>[一二三四五六七八九十]{1,3})[)]|(?<ad>\d{1,3})\s*(?:[、,]|\.(?!\d))|[(](?<pa>\d{1,3})[)]|(?<ci>[①-⑳]))\s*(?<rest>.*)$")]
    private static partial Regex HeadingRegex();

    [GeneratedRegex(@"^\s*[【\[]?(?<label>整改状态|完成情况|整改进度|完成状态|整改结果|目前状态|当前状态|办理状态|整改过程|整改落实情况|整改情况|整改措施|整改举措|整改进展情况|整改进展|落实情况|主要措施|具体措施|整改成效|责任领导|牵头领导|分管领导|责任单位|责任部门|牵头单位|责任人|整改时限|完成时限|整改目标|问题描述|具体表现|存在问题|整改类型)[】\]]?\s*[:]\s*(?<rest>.*)$")]
    private static partial Regex LabelRegex();

    // The closing invites comments and gives contacts: "欢迎…监督", "如有意见建议", "联系电话:…".
    [GeneratedRegex(@"^(?:欢迎.{0,20}监督|如有意见|如对.{0,30}(?:意见|建议)|广大干部群众.{0,30}(?:意见|建议|监督)|特此(?:通报|公告|公示))|(?:联系方式|联系电话|监督电话|举报电话|电子邮箱|邮政信箱|邮政编码|来信地址)\s*[:]")]
    private static partial Regex ClosingRegex();

    private static bool IsNoise(string key)
    {
        var k = key.Trim().TrimStart('•', '·', '●', '▪', '■', ' ');
        return k.Length == 0 || NoiseRegex().IsMatch(k) || IsBreadcrumb(k)
            || (k.Length < 120 && !k.Contains('。') && FurnitureRegex().Matches(k).Count >= 2)
            || IsSiteFooter(k) || SiteColumnRegex().IsMatch(k)
            || IsSavedCopyLabel(k);
    }

    /// <summary>
    /// A breadcrumb: "首页 > 通知公告", "当前位置：首页 » 政务公开 » 巡察工作": names joined by '>'. One step is told
    /// from a comparison in a sentence ("指数>100的天数") by its short names with no figure and no punctuation.
    /// </summary>
    private static bool IsBreadcrumb(string key)
    {
        var steps = key.Split('>', '»', '›');
        return steps.Length >= 3 || (steps.Length == 2 && steps.All(s => s.Trim().Length is > 0 and <= 16 && !s.Any(c => char.IsAsciiDigit(c) || ",;。、!?".Contains(c))));
    }

    /// <summary>
    /// A line of a web site's footer: who runs the site (主办单位, 承办, 技术支持), its registrations (网站标识码, ICP备,
    /// 公网安备), its rights (版权所有, Copyright) and links (联系我们, 网站地图); never a line of the notice.
    /// </summary>
    public static bool IsSiteFooter(string key) => key.Length < 160 && !key.Contains('。') && SiteFooterRegex().IsMatch(key);

    [GeneratedRegex(@"主办单位|(?:^|\s)(?:承办|协办|主办)(?:单位)?\s*:|网站标识码|ICP\s*备|ICP证|公网安备|技术支持\s*:|版权所有|Copyright|©|联系我们|网站地图|网站声明|隐私(?:声明|政策)|建议使用.{0,20}浏览器|分辨率", RegexOptions.IgnoreCase)]
    private static partial Regex SiteFooterRegex();

    /// <summary>A bare column name of a government site standing alone ("通知公告", "工作动态", "巡察工作", "信息公开"): two or more column words, nothing else.</summary>
    [GeneratedRegex(@"^(?:通知|公告|通告|公示|动态|要闻|新闻|资讯|政务|信息|公开|工作|专栏|专题|巡察|巡视|纪检|监察|党建|部门|基层|综合|图片|视频|首页|栏目|中心|文件|政策|法规){2,3}$")]
    private static partial Regex SiteColumnRegex();

    /// <summary>
    /// The "title: …", "url: …", "source: …" lines a browser's saved copy carries, in whatever form OCR or
    /// retyping left them ("tit1e：", "Tit le :", "| title:", "tltle="): the Latin word before the colon, with the
    /// strokes OCR confuses (1 l I i | !) and 0/o read alike, within one letter of one of those words.
    /// </summary>
    private static bool IsSavedCopyLabel(string key)
    {
        if (SavedCopyLabelRegex().Match(key) is not { Success: true } m) return false;
        var word = new string(m.Groups["w"].Value.Where(c => c != ' ').Select(c => char.ToLowerInvariant(c) switch
        {
            '1' or '|' or '!' or 'i' or 'l' or '\'' => 'l',
            '0' => 'o',
            '5' => 's',
            var other => other,
        }).ToArray());
        return word == "url" || SavedCopyWords.Any(w => Math.Abs(w.Length - word.Length) <= 1 && EditDistance(w, word) <= 1);
    }

    // "title", "source", "saved from url" with the confusable strokes folded as above.
    private static readonly string[] SavedCopyWords = ["tltle", "source", "savedfromurl"];

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    // OCR noise before the word (a stray stroke, a bullet, a bracket), then a short Latin word, then ':' or '='.
    [GeneratedRegex(@"^[^A-Za-z0-9\u4E00-\u9FFF]{0,4}(?<w>[A-Za-z][A-Za-z0-9|!' ]{1,15}?)\s*[:=]")]
    private static partial Regex SavedCopyLabelRegex();

    // Page furniture: a short line holding two of these is the page's toolbar, not the notice ("【字号 】【我要打印】【关闭").
    [GeneratedRegex(@"字号|打印|关闭|分享|浏览次数|阅读次数|浏览量|访问量|点击数|来源\s*:|发布时间\s*:|信息时间\s*:|收藏|朗读|扫一扫")]
    private static partial Regex FurnitureRegex();

    [GeneratedRegex(@"^(?:分享(?:到)?[::]?|朗读|打印(?:本页)?|关闭(?:窗口|本页)?|返回(?:顶部)?|收藏|字号[::]?.*|【?\s*字体[::]?.*|扫一扫.*|浏览(?:量|次数)[::]?\s*\d*|[大中小\s]+|当前位置.*|您的位置.*|您现在的位置.*|首页|上一篇.*|下一篇.*|相关链接.*|【?\s*打印\s*】?.*|【?\s*我要打印.*|【?\s*关闭\s*】?|返回(?:上一级|上一页|列表|首页)|(?:title|url|source|saved from url)\s*[:=].*|.{2,30}(?:门户网站|政府网|网站)|(?:阅读|浏览|访问)(?:次数|量)?\s*[:]?\s*\d*|原文链接.*|附件下载.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex NoiseRegex();
}
