namespace EcsBridge.Core.Build;

/// <summary>Where a container definition lands in the pod.</summary>
internal enum ContainerRole
{
    /// <summary>A regular entry of <c>containers[]</c>.</summary>
    Regular,

    /// <summary>A classic init container that must exit 0 (dependsOn SUCCESS / COMPLETE).</summary>
    Init,

    /// <summary>A native sidecar: an init container with <c>restartPolicy: Always</c> (dependsOn START / HEALTHY).</summary>
    Sidecar,
}
