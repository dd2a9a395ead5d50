namespace Rectify.Core.Domain;

/// <summary>A rule of the domain was broken; the message says which, in Chinese, for the user.</summary>
public sealed class DomainException(string message) : Exception(message);

/// <summary>Something asked for does not exist (or is outside the user's scope: we do not tell which).</summary>
public sealed class NotFoundException(string message) : Exception(message);
