using EcsBridge.Hosting;

namespace EcsBridge.UnitTests.Hosting;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1_500)]
    [InlineData("1m30s250ms", 90_250)]
    [InlineData(" 10s ", 10_000)]
    [InlineData("0s", 0)]
    public void Go_style_durations_are_read_as_kubernetes_tools_write_them(string text, long milliseconds)
    {
        Durations.TryParse(text, out var value).ShouldBeTrue();

        value.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("10x")]
    [InlineData("1d")]
    [InlineData("-1s")]
    [InlineData("1h-5m")]
    [InlineData("10 s")]
    [InlineData("soon")]
    public void Text_that_is_not_a_duration_is_rejected(string text)
    {
        Durations.TryParse(text, out _).ShouldBeFalse();
    }
}
