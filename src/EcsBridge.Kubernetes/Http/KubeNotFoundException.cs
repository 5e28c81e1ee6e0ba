using System.Net;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Http;

public sealed class KubeNotFoundException(HttpStatusCode code, Status status, string message) : KubeApiException(code, status, message);
