using EcsBridge.Core.Validation;

namespace EcsBridge.UnitTests.Validation;

public sealed class EcsUnitsTests
{
    [Theory]
    [InlineData("256", 256)]
    [InlineData("1024", 1024)]
    [InlineData("1 vCPU", 1024)]
    [InlineData("1 vcpu", 1024)]
    [InlineData(".25 vcpu", 256)]
    [InlineData("0.5vCPU", 512)]
    [InlineData("2 VCPU", 2048)]
    [InlineData(" 4 vCPU ", 4096)]
    [InlineData("0.1 vCPU", 102)]
    public void Task_cpu_strings_parse_to_cpu_units(string text, int expected)
    {
        EcsUnits.TryParseTaskCpu(text, out var units).ShouldBeTrue();
        units.ShouldBe(expected);
    }

    [Theory]
    [InlineData("512", 512)]
    [InlineData("2048", 2048)]
    [InlineData("0.5GB", 512)]
    [InlineData("2 GB", 2048)]
    [InlineData("1gb", 1024)]
    [InlineData("1.5 Gb", 1536)]
    [InlineData(".25GB", 256)]
    public void Task_memory_strings_parse_to_mebibytes(string text, int expected)
    {
        EcsUnits.TryParseTaskMemory(text, out var mebibytes).ShouldBeTrue();
        mebibytes.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1 core")]
    [InlineData("-256")]
    [InlineData("0")]
    [InlineData("0 vCPU")]
    [InlineData("256.5")]
    [InlineData("1,5 vCPU")]
    [InlineData("vCPU")]
    public void Unparseable_or_non_positive_cpu_is_refused(string? text)
    {
        EcsUnits.TryParseTaskCpu(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("512 MiB")]
    [InlineData("2 TB")]
    [InlineData("GB")]
    [InlineData("0GB")]
    [InlineData("1e3")]
    public void Unparseable_or_non_positive_memory_is_refused(string text)
    {
        EcsUnits.TryParseTaskMemory(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(256, 512, true)]
    [InlineData(256, 2048, true)]
    [InlineData(256, 1536, false)]
    [InlineData(256, 4096, false)]
    [InlineData(512, 1024, true)]
    [InlineData(512, 4096, true)]
    [InlineData(512, 512, false)]
    [InlineData(1024, 2048, true)]
    [InlineData(1024, 8192, true)]
    [InlineData(1024, 9216, false)]
    [InlineData(2048, 16384, true)]
    [InlineData(4096, 30720, true)]
    [InlineData(4096, 31744, false)]
    [InlineData(8192, 16384, true)]
    [InlineData(8192, 20480, true)]
    [InlineData(8192, 17408, false)]
    [InlineData(16384, 122880, true)]
    [InlineData(384, 1024, false)]
    public void Fargate_sizes_follow_the_published_table(int cpu, int memory, bool valid)
    {
        EcsUnits.IsValidFargateSize(cpu, memory).ShouldBe(valid);
    }
}
