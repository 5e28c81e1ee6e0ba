namespace EcsBridge.Core.Build;

/// <summary>CamelCase reasons of <see cref="EcsBridge.Api.TranslationNote"/>s written by the builders.</summary>
public static class NoteReasons
{
    /// <summary>The field has no Kubernetes equivalent and is ignored.</summary>
    public const string NotSupported = "NotSupported";

    /// <summary>The field is honoured only approximately; the message says how.</summary>
    public const string Approximated = "Approximated";

    /// <summary>The field is honoured through a documented naming convention (Secrets, ServiceAccounts, PVCs).</summary>
    public const string Convention = "Convention";

    /// <summary>The value was changed to something Kubernetes accepts.</summary>
    public const string Adjusted = "Adjusted";

    /// <summary>The field refers to something that does not exist; validation normally rejects this first.</summary>
    public const string Invalid = "Invalid";
}
