namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>Waits for an operator process's /readyz (caches synced).</summary>
internal static class Readyz
{
    /// <summary>Polls http://127.0.0.1:<paramref name="port"/>/readyz until it answers 200 (true), or until the
    /// process is no longer running or <paramref name="timeout"/> passes (false).</summary>
    public static async Task<bool> WaitAsync(int port, Func<bool> isRunning, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && isRunning())
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        return false;
    }
}
