using EcsBridge.ControlPlane.Cleanup;

namespace EcsBridge.ControlPlane.Node;

/// <summary>The host's one node belongs to one run: <c>/run/ecsbridge-node/</c> holds the owner (PID and start
/// time), the control-plane folder and the host baseline. A claim whose owner is gone is stale: its node is undone
/// before anything else starts.</summary>
internal sealed record NodeClaim(ProcessIdentity Owner, string ControlPlaneDirectory, HostBaseline Baseline)
{
    private static string OwnerPath => Path.Combine(NodeLayout.ClaimDirectory, "owner");

    private static string FolderPath => Path.Combine(NodeLayout.ClaimDirectory, "folder");

    private static string BaselinePath => Path.Combine(NodeLayout.ClaimDirectory, "baseline");

    public static NodeClaim? Read()
    {
        try
        {
            if (!File.Exists(OwnerPath) || ProcessIdentity.Parse(File.ReadAllText(OwnerPath)) is not { } owner)
            {
                return null;
            }
            return new NodeClaim(owner, File.ReadAllText(FolderPath).Trim(), HostBaseline.Parse(File.ReadAllText(BaselinePath)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the claim; the owner last, so a half-written claim is never taken for a complete one.</summary>
    public void Write()
    {
        Directory.CreateDirectory(NodeLayout.ClaimDirectory);
        File.WriteAllText(BaselinePath, Baseline.Serialize());
        File.WriteAllText(FolderPath, ControlPlaneDirectory + "\n");
        File.WriteAllText(OwnerPath, Owner.Serialize());
    }

    public static void Release()
    {
        try
        {
            Directory.Delete(NodeLayout.ClaimDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
