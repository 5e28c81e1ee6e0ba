using System.Net;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Http;

/// <summary>A stale resourceVersion or preconditions failed on update/delete, or a server-side apply conflict with
/// another field manager (the managers and fields are in <see cref="KubeApiException.Causes"/>).</summary>
public sealed class KubeConflictException(HttpStatusCode code, Status status, string message) : KubeApiException(code, status, message);
