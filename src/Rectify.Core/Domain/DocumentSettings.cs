namespace Rectify.Core.Domain;

/// <summary>
/// An organisation's defaults for the GB/T 9704 elements of the documents it sends (公文格式设置),
/// set on one settings screen (/admin/documents). Every formal document takes them from the
/// organisation that issues it; the upward reports' 主送机关 comes from the round when the round sets one.
/// </summary>
public class DocumentSettings
{
    /// <summary>One row per organisation; the organisation's id is the key.</summary>
    public int OrganizationId { get; set; }
    /// <summary>发文机关标志 printed in red ("中共梅州市梅江区城北镇委员会文件"); empty: no red header.</summary>
    public string? IssuerMark { get; set; }
    /// <summary>机关代字 of the 发文字号 ("城北党"); required for upward documents.</summary>
    public string? AgencyCode { get; set; }
    /// <summary>发文机关署名 when it differs from the organisation's full name.</summary>
    public string? Signature { get; set; }
    /// <summary>签发人 when not the organisation's principal leader.</summary>
    public string? Signer { get; set; }
    /// <summary>主送机关 of the upward reports ("区委巡察工作领导小组").</summary>
    public string? MainRecipient { get; set; }
    /// <summary>密级 (秘密, 机密…) printed at the top left; empty for public documents.</summary>
    public string? Secrecy { get; set; }
    /// <summary>紧急程度 (特急, 加急).</summary>
    public string? Urgency { get; set; }
    /// <summary>Documents carry 份号.</summary>
    public bool CopyNumbers { get; set; }
    /// <summary>The documents are sealed (印章): signature and date are laid out for the seal.</summary>
    public bool Sealed { get; set; } = true;
    /// <summary>附注: 联系人 and 电话.</summary>
    public string? ContactPerson { get; set; }
    public string? ContactPhone { get; set; }
    /// <summary>版记: 抄送机关 and 印发机关.</summary>
    public string? CopyTo { get; set; }
    public string? Printer { get; set; }
}
