using EcsBridge.Core.Ecs;

namespace EcsBridge.UnitTests.Build;

public sealed class UnitsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(10, 10)]
    [InlineData(100, 98)]
    [InlineData(128, 125)]
    [InlineData(256, 250)]
    [InlineData(512, 500)]
    [InlineData(1024, 1000)]
    [InlineData(1536, 1500)]
    [InlineData(10240, 10000)]
    public void Cpu_units_become_millicores_rounded_up(long units, long expectedMillicores) =>
        Units.CpuUnitsToMillicores(units).ShouldBe(expectedMillicores);

    [Theory]
    [InlineData(1, "1m")]
    [InlineData(250, "250m")]
    [InlineData(1000, "1")]
    [InlineData(1500, "1500m")]
    [InlineData(2000, "2")]
    [InlineData(10000, "10")]
    public void Millicores_are_written_in_canonical_form(long millicores, string expected) =>
        Units.MillicoresQuantity(millicores).ShouldBe(expected);

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(4, "4")]
    [InlineData(1000, "1k")]
    [InlineData(1500, "1500")]
    public void Whole_counts_are_written_in_canonical_decimal_form(long value, string expected) =>
        Units.DecimalQuantity(value).ShouldBe(expected);

    [Theory]
    [InlineData(6, "6Mi")]
    [InlineData(512, "512Mi")]
    [InlineData(1024, "1Gi")]
    [InlineData(1536, "1536Mi")]
    [InlineData(2048, "2Gi")]
    [InlineData(20480, "20Gi")]
    [InlineData(10752, "10752Mi")]
    [InlineData(1048576, "1Ti")]
    public void Mebibytes_use_the_largest_whole_binary_suffix(long mebibytes, string expected) =>
        Units.MebibytesQuantity(mebibytes).ShouldBe(expected);
}
