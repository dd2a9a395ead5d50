namespace Rectify.Core.Domain;

/// <summary>What level an organisation sits at; the tree is district → town/bureau → village/community.</summary>
public enum OrganizationLevel { District, Town, Bureau, Enterprise, Village, Community, Other }

/// <summary>被巡察党组织 and every other unit in the tree (district, town, bureau, village…).</summary>
public class Organization
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The Party organisation's full name as it signs notices ("中共梅州市梅江区城北镇委员会").</summary>
    public string? FullName { get; set; }
    public OrganizationLevel Level { get; set; } = OrganizationLevel.Other;
    public int? ParentId { get; set; }
    public Organization? Parent { get; set; }
    public List<Organization> Children { get; set; } = [];

    /// <summary>主要负责人 (第一责任人), who signs off plans, reports and notices.</summary>
    public string? PrincipalLeader { get; set; }

    // Contact channels printed on every public notice ("联系方式:电话…邮政信箱…邮政编码…电子邮箱").
    public string? ContactPhone { get; set; }
    public string? ContactMailbox { get; set; }
    public string? ContactPostcode { get; set; }
    public string? ContactEmail { get; set; }

    public bool HasContacts => !string.IsNullOrWhiteSpace(ContactPhone) || !string.IsNullOrWhiteSpace(ContactEmail)
        || !string.IsNullOrWhiteSpace(ContactMailbox);
}

/// <summary>A person named in the ledger: a leader, department head or staff member.</summary>
public class Person
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Title { get; set; }
    public int? OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
}
