namespace EcsBridge.Kubernetes.Watch;

/// <summary>Whether an informer follows the server: <see cref="DisconnectedSince"/> is null while its last list or
/// watch got through, else the time of the first failure since (or the start, before the first list).</summary>
public sealed record InformerLiveness(bool Running, DateTimeOffset? DisconnectedSince, DateTimeOffset? LastEstablished, string? LastError);
