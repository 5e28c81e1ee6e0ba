using System.Net;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Http;

/// <summary>410 Gone / "too old resource version": the watch must start again from a fresh list.</summary>
public sealed class KubeGoneException(HttpStatusCode code, Status status, string message) : KubeApiException(code, status, message);
