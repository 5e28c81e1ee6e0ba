using System.CommandLine;
using System.Reflection;

namespace EcsBridge.Commands;

internal static class VersionCommand
{
    public static string Version { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static Command Create()
    {
        var command = new Command("version", "Print the version of ecsbridge.");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine($"ecsbridge {Version} ({System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
