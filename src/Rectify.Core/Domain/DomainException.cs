namespace Rectify.Core.Domain;

// The refusals the app's code throws; each has one status in the one mapping
// (src/Rectify/Infrastructure/Refusals.cs, docs/refusals.md). Messages are Chinese, for the user.

/// <summary>A rule of the domain was broken (422); the message says which, in Chinese, for the user.</summary>
public sealed class DomainException(string message) : Exception(message);

/// <summary>Something asked for does not exist (or is outside the user's scope: we do not tell which) (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The signed-in user sees the thing, but their role may not do this to it (403). Not a rule of the domain.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The version the user saw is no longer the current one (409): someone changed it in between.</summary>
public sealed class StaleVersionException(string message) : Exception(message);
