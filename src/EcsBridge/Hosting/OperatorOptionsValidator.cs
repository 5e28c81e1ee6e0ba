using Microsoft.Extensions.Options;

namespace EcsBridge.Hosting;

/// <summary>Checks <see cref="OperatorOptions"/> at start: generated from the rule attributes in
/// <see cref="Validation"/> and the options' own cross-option rules. Each failure is one line naming its flag.</summary>
[OptionsValidator]
internal sealed partial class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    /// <summary>Every failure line (empty when the options are valid).</summary>
    public static IReadOnlyList<string> Errors(OperatorOptions options) =>
        new OperatorOptionsValidator().Validate(null, options) is { Failed: true, Failures: { } failures } ? [.. failures] : [];
}
