using System.Net;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Http;

/// <summary>400: the request itself is malformed (for an apply: a body the server cannot decode or merge). Sending it
/// again does not help.</summary>
public sealed class KubeBadRequestException(HttpStatusCode code, Status status, string message) : KubeApiException(code, status, message);
