using System.Net;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Http;

/// <summary>422: the object failed validation; each bad field is in <see cref="KubeApiException.Causes"/>.</summary>
public sealed class KubeInvalidException(HttpStatusCode code, Status status, string message) : KubeApiException(code, status, message);
