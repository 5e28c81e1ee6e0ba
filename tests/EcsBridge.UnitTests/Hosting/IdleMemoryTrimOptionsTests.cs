using EcsBridge.Hosting;

namespace EcsBridge.UnitTests.Hosting;

public sealed class IdleMemoryTrimOptionsTests
{
    private static readonly IdleMemoryTrimOptions Options = new(TimeSpan.FromSeconds(10), IdleChecks: 2, MinAllocatedBytes: 1000);

    [Theory]
    [InlineData(0, 5000, false)]     // busy
    [InlineData(1, 5000, false)]     // idle for one check only: may be a pause inside a burst
    [InlineData(2, 999, false)]      // idle, but too little garbage to be worth a full collection
    [InlineData(2, 1000, true)]
    [InlineData(7, 1_000_000, true)]
    public void A_trim_is_due_only_after_enough_idle_checks_and_enough_allocation(int idleChecks, long allocated, bool due) =>
        Options.IsDue(idleChecks, allocated).ShouldBe(due);
}
