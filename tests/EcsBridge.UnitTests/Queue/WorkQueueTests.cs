using EcsBridge.Queue;
using EcsBridge.UnitTests.TestSupport;

namespace EcsBridge.UnitTests.Queue;

public sealed class WorkQueueTests
{
    private readonly ManualTimeProvider _time = new();

    private WorkQueue NewQueue(double overallQps = 0) =>
        new(_time, new WorkQueueOptions { RateLimiter = new RateLimiterOptions { OverallQps = overallQps } });

    private static async Task<string?> Next(WorkQueue queue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await queue.GetAsync(timeout.Token);
    }

    private static async Task<bool> HasNothingReady(WorkQueue queue)
    {
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        try
        {
            await queue.GetAsync(shortWait.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    [Fact]
    public async Task Adding_the_same_key_many_times_queues_it_once()
    {
        using var queue = NewQueue();
        for (var i = 0; i < 50; i++)
        {
            queue.Add("ns/web");
        }
        queue.Depth.ShouldBe(1);
        (await Next(queue)).ShouldBe("ns/web");
        (await HasNothingReady(queue)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_key_in_processing_is_not_handed_to_a_second_worker_until_done()
    {
        using var queue = NewQueue();
        queue.Add("ns/web");
        (await Next(queue)).ShouldBe("ns/web");

        queue.Add("ns/web");
        (await HasNothingReady(queue)).ShouldBeTrue();

        queue.Done("ns/web");
        (await Next(queue)).ShouldBe("ns/web");
    }

    [Fact]
    public async Task Keys_come_out_in_the_order_they_went_in()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Add("b");
        queue.Add("c");
        (await Next(queue)).ShouldBe("a");
        (await Next(queue)).ShouldBe("b");
        (await Next(queue)).ShouldBe("c");
    }

    [Fact]
    public async Task Changes_are_served_before_resync_keys_but_resync_keys_do_not_starve()
    {
        using var queue = new WorkQueue(_time, new WorkQueueOptions { LowPriorityMaxWait = TimeSpan.FromSeconds(2) });
        queue.AddLowPriority("resync-1");
        queue.Add("change-1");
        queue.Add("change-2");
        (await Next(queue)).ShouldBe("change-1");

        _time.Advance(TimeSpan.FromSeconds(3));
        (await Next(queue)).ShouldBe("resync-1");
        (await Next(queue)).ShouldBe("change-2");
    }

    [Fact]
    public async Task A_change_promotes_a_key_already_waiting_as_a_resync()
    {
        using var queue = NewQueue();
        queue.AddLowPriority("x");
        queue.Add("y");
        queue.Add("x");
        queue.Depth.ShouldBe(2);
        (await Next(queue)).ShouldBe("y");
        (await Next(queue)).ShouldBe("x");
    }

    [Fact]
    public async Task AddAfter_delivers_the_key_only_once_the_delay_has_passed()
    {
        using var queue = NewQueue();
        queue.AddAfter("later", TimeSpan.FromSeconds(10));
        (await HasNothingReady(queue)).ShouldBeTrue();
        _time.Advance(TimeSpan.FromSeconds(9));
        (await HasNothingReady(queue)).ShouldBeTrue();
        _time.Advance(TimeSpan.FromSeconds(1));
        (await Next(queue)).ShouldBe("later");
    }

    [Fact]
    public async Task Shutdown_hands_out_what_is_queued_then_returns_null()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.ShutDown();
        queue.Add("ignored");
        (await Next(queue)).ShouldBe("a");
        (await Next(queue)).ShouldBeNull();
    }

    [Fact]
    public void Backoff_starts_at_5_ms_doubles_per_failure_and_caps_at_1000_s()
    {
        var limiter = new RateLimiter(_time, new RateLimiterOptions { OverallQps = 0 });
        limiter.When("k").ShouldBe(TimeSpan.FromMilliseconds(5));
        limiter.When("k").ShouldBe(TimeSpan.FromMilliseconds(10));
        limiter.When("k").ShouldBe(TimeSpan.FromMilliseconds(20));
        for (var i = 0; i < 30; i++)
        {
            limiter.When("k");
        }
        limiter.When("k").ShouldBe(TimeSpan.FromSeconds(1000));
        limiter.When("other").ShouldBe(TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public void Forget_resets_the_backoff_after_a_success()
    {
        var limiter = new RateLimiter(_time, new RateLimiterOptions { OverallQps = 0 });
        limiter.When("k");
        limiter.When("k");
        limiter.Failures("k").ShouldBe(2);
        limiter.Forget("k");
        limiter.Failures("k").ShouldBe(0);
        limiter.When("k").ShouldBe(TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public void The_overall_bucket_delays_retries_once_its_burst_is_spent()
    {
        var limiter = new RateLimiter(_time, new RateLimiterOptions { OverallQps = 10, Burst = 100 });
        for (var i = 0; i < 100; i++)
        {
            limiter.When("key-" + i).ShouldBe(TimeSpan.FromMilliseconds(5));
        }
        // The 101st retry waits for a token: 1/10 s, not the 5 ms per-key backoff.
        limiter.When("key-100").ShouldBe(TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromSeconds(10));
        limiter.When("key-101").ShouldBe(TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public async Task AddRateLimited_requeues_after_the_backoff()
    {
        using var queue = NewQueue();
        queue.Add("k");
        (await Next(queue)).ShouldBe("k");
        queue.AddRateLimited("k");
        queue.Done("k");
        (await HasNothingReady(queue)).ShouldBeTrue();
        _time.Advance(TimeSpan.FromMilliseconds(5));
        (await Next(queue)).ShouldBe("k");
        queue.NumRequeues("k").ShouldBe(1);
    }
}
