using QRCoder;

namespace Rectify.Core.Notices;

/// <summary>
/// 码上监督: a QR code drawn here (QRCoder, no service called) that opens a published notice's public
/// page, where the public reads it, comments and follows a tracking code. A notice printed and posted on
/// a village board is then one scan from the comment form.
/// </summary>
public static class QrCode
{
    /// <summary>Error correction M (15 %): still read from a printed sheet a little worn.</summary>
    public const QRCodeGenerator.ECCLevel Correction = QRCodeGenerator.ECCLevel.M;

    /// <summary>The QR code of <paramref name="payload"/> as PNG, black on white, with the quiet zone the standard asks.</summary>
    public static byte[] Png(string payload, int pixelsPerModule = 10)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payload);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, Correction);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>The public page of a published notice: "https://xc.example.gov.cn/public/notices/7".</summary>
    public static string NoticeUrl(string baseUrl, int noticeId) => $"{baseUrl.TrimEnd('/')}/public/notices/{noticeId}";
}
