using System.Text.RegularExpressions;
using Rectify.Core.Notices;

namespace Rectify.Core.Documents;

/// <summary>
/// One formal document (公文) with the elements of GB/T 9704-2012, around a composed text: the
/// 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人), the 主体 (标题, 主送机关, 正文, 附件说明,
/// 发文机关署名, 成文日期, 印章, 附注) and the 版记 (抄送机关, 印发机关, 印发日期). Every formal document
/// of Rectify (the progress notice, the two upward reports, the round summary, the order to rectify)
/// is one of these; <see cref="NoticeDocxWriter"/> lays it out, <see cref="Missing"/> says what it
/// still lacks before it may go out.
/// </summary>
public sealed partial record OfficialDocument
{
    /// <summary>标题, 正文 blocks, 发文机关署名 (Issuer) and 成文日期 (Date).</summary>
    public required ComposedNotice Content { get; init; }

    /// <summary>What refusals call the document: 公告, 整改情况报告….</summary>
    public string Name { get; init; } = "公文";

    /// <summary>上行文 (a report to a higher body): 发文字号, 签发人 and 主送机关 are required, and 签发人 stands in the 版头.</summary>
    public bool Upward { get; init; }

    /// <summary>
    /// A 下行文 to one body that must act on it (an order to rectify): like an upward report it needs its
    /// 发文字号 and its 主送机关 (the body ordered), but no 签发人 in the 版头.
    /// </summary>
    public bool Addressed { get; init; }

    /// <summary>份号: six digits ("000001"); optional.</summary>
    public string? CopyNumber { get; init; }
    /// <summary>密级 and 保密期限 ("秘密★1年"); optional.</summary>
    public string? Secrecy { get; init; }
    /// <summary>紧急程度 (特急 / 加急); optional.</summary>
    public string? Urgency { get; init; }
    /// <summary>发文机关标志 in red ("中共××镇委员会文件"); none: no red 版头 (a notice posted to the public).</summary>
    public string? IssuerMark { get; init; }
    /// <summary>机关代字 ("城北党"); with <see cref="Serial"/> and the year of the date it makes the 发文字号.</summary>
    public string? AgencyCode { get; init; }
    /// <summary>发文顺序号 of this document.</summary>
    public int? Serial { get; init; }
    /// <summary>签发人 of an upward document (the principal leader, by name).</summary>
    public string? Signer { get; init; }
    /// <summary>主送机关 ("区委巡察工作领导小组").</summary>
    public string? MainRecipient { get; init; }
    /// <summary>附件说明: the attachments' names, in order.</summary>
    public IReadOnlyList<string> Attachments { get; init; } = [];
    /// <summary>加盖印章: the signature and date are placed for the seal (7.3.5.1), otherwise without (7.3.5.2).</summary>
    public bool Sealed { get; init; }
    /// <summary>附注: 联系人 and 电话.</summary>
    public string? ContactPerson { get; init; }
    public string? ContactPhone { get; init; }
    /// <summary>版记: 抄送机关, 印发机关 and 印发日期 (the 成文日期 when not given).</summary>
    public string? CopyTo { get; init; }
    public string? Printer { get; init; }
    public DateOnly? PrintDate { get; init; }

    /// <summary>发文字号 "城北党〔2023〕12号": 机关代字, the year in 〔〕 and the serial, with no 第 and no leading zero (7.2.4).</summary>
    public string? DocumentNumber => string.IsNullOrWhiteSpace(AgencyCode) || Serial is not { } n ? null : $"{AgencyCode.Trim()}〔{Content.Date.Year}〕{n}号";

    public string? Note => string.IsNullOrWhiteSpace(ContactPerson) && string.IsNullOrWhiteSpace(ContactPhone) ? null
        : "（" + string.Join("，", new[] { Blank(ContactPerson) is { } p ? "联系人：" + p : null, Blank(ContactPhone) is { } t ? "电话：" + t : null }.Where(x => x is not null)) + "）";

    public bool HasImprint => !string.IsNullOrWhiteSpace(CopyTo) || !string.IsNullOrWhiteSpace(Printer);

    /// <summary>
    /// The organisation the document goes out in the name of, as a refusal names whose settings lack an
    /// element ("区纪委监委"); null: 本单位, the unit's own document.
    /// </summary>
    public string? IssuedBy { get; init; }

    /// <summary>The 署名 is a person (the principal leader's own report), not a body.</summary>
    public bool SignedByPerson { get; init; }

    /// <summary>A bare text without a frame: what a writer gets from a composed notice alone.</summary>
    public static OfficialDocument Of(ComposedNotice content) => new() { Content = content };

    /// <summary>
    /// The frame of a document of an organisation from its settings (none: no 版头, no 版记, not
    /// sealed): the one place where the settings become elements. <paramref name="signer"/> is the
    /// principal leader unless the settings name another 签发人; <paramref name="recipient"/> (the round's)
    /// goes before the settings' 主送机关. A document <paramref name="toThePublic"/> (the progress notice, 党务公开)
    /// carries no 份号, 密级 or 紧急程度: it is posted for anyone to read, so the settings' marks for the
    /// office's own documents would be false on it. Text typed in the settings (half-width marks copied from
    /// elsewhere) is set in full-width marks here, where the settings become elements, so none reaches the page.
    /// </summary>
    public static OfficialDocument Frame(ComposedNotice content, Domain.DocumentSettings? settings, string name, bool upward,
        int? serial = null, string? signer = null, string? recipient = null, IReadOnlyList<string>? attachments = null, bool signedByPerson = false, bool addressed = false,
        bool toThePublic = false) => new()
    {
        Content = content,
        Name = name,
        Upward = upward,
        Addressed = addressed,
        SignedByPerson = signedByPerson,
        // The file is the first copy; an office printing more numbers the others by hand or in its print room.
        CopyNumber = settings?.CopyNumbers == true && !toThePublic ? "000001" : null,
        Secrecy = toThePublic ? null : Typed(settings?.Secrecy),
        Urgency = toThePublic ? null : Typed(settings?.Urgency),
        IssuerMark = Typed(settings?.IssuerMark),
        AgencyCode = Typed(settings?.AgencyCode),
        Serial = serial,
        Signer = Typed(settings?.Signer) ?? Typed(signer),
        // The settings' and the round's 主送机关 are the upward reports'; a notice to the public has none.
        MainRecipient = upward ? Typed(recipient) ?? Typed(settings?.MainRecipient) : Typed(recipient),
        Attachments = attachments ?? [],
        Sealed = settings?.Sealed ?? false,
        ContactPerson = Typed(settings?.ContactPerson),
        ContactPhone = Typed(settings?.ContactPhone),
        CopyTo = Typed(settings?.CopyTo),
        Printer = Typed(settings?.Printer),
    };

    /// <summary>A setting as typed, trimmed and in full-width marks beside Chinese ("区纪委监委,区委组织部" → "区纪委监委，区委组织部"); null when blank.</summary>
    static string? Typed(string? s) => Blank(s) is { } t ? ChineseText.FullWidthPunctuation(t) : null;

    /// <summary>
    /// Each element the document still lacks and each marker left unfilled, in Chinese, in the order
    /// of the page: empty when it may go out. The one rule of "no placeholder leaves the building",
    /// asked by the sign-off (<see cref="Domain.SignedDocument"/>) at submit, approve and publish.
    /// </summary>
    public IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        if ((Upward || Addressed) && DocumentNumber is null)
            missing.Add(string.IsNullOrWhiteSpace(AgencyCode) ? $"发文字号（{IssuedBy ?? "本单位"}的机关代字未设置）" : "发文字号（未填写发文顺序号）");
        if (Upward && string.IsNullOrWhiteSpace(Signer)) missing.Add("签发人（单位主要负责人）");
        if (string.IsNullOrWhiteSpace(Content.Title)) missing.Add("标题");
        if ((Upward || Addressed) && string.IsNullOrWhiteSpace(MainRecipient)) missing.Add("主送机关");
        if (!Content.Blocks.Any(b => b.Level != NoticeBlockLevel.Title && b.Level != NoticeBlockLevel.Signature && b.Level != NoticeBlockLevel.Date && !string.IsNullOrWhiteSpace(b.Text)))
            missing.Add("正文");
        if (string.IsNullOrWhiteSpace(Content.Issuer)) missing.Add(SignedByPerson ? "署名（主要负责人姓名，在组织架构中填写）" : "发文机关署名");
        if (Content.Date == default) missing.Add("成文日期");
        // A report that says "另有N个问题尚未报送整改进展" goes out only once each of them has its status, set on the problem's page.
        if (Content.Unreported.Count > 0)
            missing.Add($"问题{string.Join("、", Content.Unreported)}的整改状态（导入的原文没有写明，请在问题页设置）");

        var n = 0;
        foreach (var b in Content.Blocks)
        {
            if (b.Level is not (NoticeBlockLevel.Title or NoticeBlockLevel.Signature or NoticeBlockLevel.Date)) n++;
            var where = b.Level switch
            {
                NoticeBlockLevel.Title => "标题",
                NoticeBlockLevel.Signature => "发文机关署名",
                NoticeBlockLevel.Date => "成文日期",
                _ => $"正文第{n}段",
            };
            foreach (Match m in Placeholder().Matches(b.Text)) missing.Add($"{where}的“{m.Value}”");
        }
        foreach (var (name, value) in new[] { ("发文机关标志", IssuerMark), ("签发人", Signer), ("主送机关", MainRecipient), ("联系人", ContactPerson), ("电话", ContactPhone), ("抄送机关", CopyTo), ("印发机关", Printer) })
            if (value is not null && Placeholder().Match(value) is { Success: true } m) missing.Add($"{name}的“{m.Value}”");
        return missing;
    }

    /// <summary>The refusal when anything is <see cref="Missing"/>, naming each: "公告还有未填写的要素，不能发布：…".</summary>
    public void EnsureComplete(string documentName, string move)
    {
        var missing = Missing();
        if (missing.Count > 0) throw Refusal(documentName, move, missing);
    }

    /// <summary>The one wording of that refusal, also for a document that cannot even be framed (an order while no commission is marked).</summary>
    public static Domain.DomainException Refusal(string documentName, string move, IEnumerable<string> missing) =>
        new($"{documentName}还有未填写的要素，不能{move}：{string.Join("；", missing)}");

    /// <summary>
    /// Markers a draft leaves for a person to fill: "（草稿：请补充）", "请填写…", "待补充", "××"/"XX",
    /// "□□", "{name}" template fields, and "【…】" editor's notes.
    /// </summary>
    [GeneratedRegex(@"[（(]\s*草稿[^）)]*[）)]|请补充|请填写|待补充|待填写|[×XＸ]{2,}|□{2,}|＿{2,}|_{3,}|\{[A-Za-z]+\}|【[^】]*】")]
    private static partial Regex Placeholder();

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
