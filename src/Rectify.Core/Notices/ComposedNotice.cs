using Rectify.Core.Interchange;

namespace Rectify.Core.Notices;

/// <summary>What a block of a composed notice is; writers choose fonts and markup by it.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum NoticeBlockLevel
{
    Title,
    Opening,
    /// <summary>"一、…" (黑体).</summary>
    Heading1,
    /// <summary>"(一)…" (楷体).</summary>
    Heading2,
    /// <summary>"1.对“…”的整改进展情况".</summary>
    ProblemHeading,
    Body,
    /// <summary>发文机关署名.</summary>
    Signature,
    /// <summary>成文日期.</summary>
    Date,
}

/// <summary>One paragraph of a notice.</summary>
public sealed record NoticeBlock(NoticeBlockLevel Level, string Text);

/// <summary>A notice composed from a <see cref="NoticeInput"/>, ready for any writer. Text uses full-width punctuation.</summary>
public sealed record ComposedNotice(string Title, IReadOnlyList<NoticeBlock> Blocks, LedgerCounts Counts, string Issuer, DateOnly Date)
{
    /// <summary>
    /// Set in full-width marks beside Chinese (GB/T 9704; <see cref="ChineseText.FullWidthPunctuation"/>), whoever
    /// composed it (notice, upward reports, round summary) and whatever text it keeps, so every writer gets them.
    /// </summary>
    public string Title { get; init; } = ChineseText.FullWidthPunctuation(Title);

    public IReadOnlyList<NoticeBlock> Blocks { get; init; } = [.. Blocks.Select(b => b with { Text = ChineseText.FullWidthPunctuation(b.Text) })];

    /// <summary>
    /// The numbers of the problems whose status no one has stated (an imported notice gave none) in a report
    /// to a higher body: the report says "另有N个问题尚未报送整改进展", and the clerk must see which before it
    /// goes out (<see cref="Documents.OfficialDocument.Missing"/>). Empty for a public notice, which counts them in its total only.
    /// </summary>
    public IReadOnlyList<int> Unreported { get; init; } = [];

    /// <summary>码上监督: the notice's public page once published; the .docx carries a QR code to it (<see cref="QrCode"/>).</summary>
    public string? PublicUrl { get; init; }

    /// <summary>The line under the QR code.</summary>
    public const string QrCaption = "扫码查看本公告，提出意见建议（码上监督）";

    public IEnumerable<NoticeBlock> Of(NoticeBlockLevel level) => Blocks.Where(b => b.Level == level);
}
