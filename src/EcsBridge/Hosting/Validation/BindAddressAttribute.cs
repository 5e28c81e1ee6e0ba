namespace EcsBridge.Hosting.Validation;

/// <summary>host:port, :port, or "0" for off.</summary>
internal sealed class BindAddressAttribute(string flag)
    : FlagRuleAttribute("--" + flag + ": \"{0}\" is not host:port, :port or 0")
{
    protected override bool IsValidValue(object? value) => value is "0" || (value is string s && BindAddress.TryParse(s, out _));
}
