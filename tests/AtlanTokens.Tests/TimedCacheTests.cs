using System;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Session;
using Xunit;

namespace AtlanTokens.Tests
{
    public class TimedCacheTests
    {
        private sealed class Clock
        {
            public DateTime Now { get; set; } = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }

        private sealed class Loader
        {
            public int Calls;

            public Task<string> Load(CancellationToken cancellationToken)
            {
                int call = Interlocked.Increment(ref Calls);
                return Task.FromResult("value " + call);
            }
        }

        [Fact]
        public async Task KeepsTheValueForItsLifetimeThenLoadsAgain()
        {
            var clock = new Clock();
            var cache = new TimedCache<string>(TimeSpan.FromSeconds(60), () => clock.Now);
            var loader = new Loader();

            Assert.Null(cache.CachedOrNull);
            Assert.Equal("value 1", await cache.GetAsync(loader.Load, false, default));
            clock.Now = clock.Now.AddSeconds(59);
            Assert.Equal("value 1", cache.CachedOrNull);
            Assert.Equal("value 1", await cache.GetAsync(loader.Load, false, default));
            Assert.Equal(1, loader.Calls);

            clock.Now = clock.Now.AddSeconds(1);
            Assert.Null(cache.CachedOrNull);
            Assert.Equal("value 2", await cache.GetAsync(loader.Load, false, default));
            Assert.Equal(2, loader.Calls);
        }

        [Fact]
        public async Task ForceRefreshLoadsEvenWhenFresh()
        {
            var cache = new TimedCache<string>(TimeSpan.FromMinutes(1));
            var loader = new Loader();

            await cache.GetAsync(loader.Load, false, default);
            Assert.Equal("value 2", await cache.GetAsync(loader.Load, true, default));
            Assert.Equal("value 2", cache.CachedOrNull);
        }

        [Fact]
        public async Task ConcurrentCallersShareOneLoad()
        {
            var cache = new TimedCache<string>(TimeSpan.FromMinutes(1));
            var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            int calls = 0;
            Func<CancellationToken, Task<string>> load = _ =>
            {
                Interlocked.Increment(ref calls);
                return release.Task;
            };

            Task<string> first = cache.GetAsync(load, false, default);
            Task<string> second = cache.GetAsync(load, false, default);
            Task<string> third = cache.GetAsync(load, false, default);
            Assert.False(first.IsCompleted || second.IsCompleted || third.IsCompleted);

            release.SetResult("shared");
            Assert.Equal(new[] { "shared", "shared", "shared" }, await Task.WhenAll(first, second, third));
            Assert.Equal(1, calls);
            Assert.Equal("shared", cache.CachedOrNull);
        }

        [Fact]
        public async Task AFailedLoadIsSharedButNotKept()
        {
            var cache = new TimedCache<string>(TimeSpan.FromMinutes(1));
            var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<string> first = cache.GetAsync(_ => release.Task, false, default);
            Task<string> second = cache.GetAsync(_ => Task.FromResult("not called"), false, default);

            release.SetException(new InvalidOperationException("boom"));
            Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => first)).Message);
            Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => second)).Message);
            Assert.Null(cache.CachedOrNull);

            Assert.Equal("after", await cache.GetAsync(_ => Task.FromResult("after"), false, default));
        }

        [Fact]
        public async Task InvalidateForgetsTheValueAndALoadStartedBefore()
        {
            var cache = new TimedCache<string>(TimeSpan.FromMinutes(1));
            var loader = new Loader();
            await cache.GetAsync(loader.Load, false, default);

            cache.Invalidate();
            Assert.Null(cache.CachedOrNull);

            var stale = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<string> before = cache.GetAsync(_ => stale.Task, false, default);
            cache.Invalidate();
            stale.SetResult("stale");
            Assert.Equal("stale", await before);
            Assert.Null(cache.CachedOrNull);

            Assert.Equal("value 2", await cache.GetAsync(loader.Load, false, default));
            Assert.Equal("value 2", cache.CachedOrNull);
        }

        [Fact]
        public async Task AWaiterStopsOnItsOwnCancellationWithoutStoppingTheLoad()
        {
            var cache = new TimedCache<string>(TimeSpan.FromMinutes(1));
            var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<string> owner = cache.GetAsync(_ => release.Task, false, default);
            using var cancel = new CancellationTokenSource();
            Task<string> waiter = cache.GetAsync(_ => Task.FromResult("not called"), false, cancel.Token);

            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
            release.SetResult("loaded");
            Assert.Equal("loaded", await owner);
            Assert.Equal("loaded", cache.CachedOrNull);
        }

        [Fact]
        public async Task AWaiterLoadsAgainWhenTheOwnersLoadIsCancelled()
        {
            var cache = new TimedCache<string>(TimeSpan.FromMinutes(1));
            using var cancel = new CancellationTokenSource();
            var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<string> owner = cache.GetAsync(
                async token =>
                {
                    started.SetResult(true);
                    await Task.Delay(Timeout.Infinite, token);
                    return "never";
                },
                false,
                cancel.Token);
            await started.Task;
            Task<string> waiter = cache.GetAsync(_ => Task.FromResult("own load"), false, default);

            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => owner);
            Assert.Equal("own load", await waiter);
            Assert.Equal("own load", cache.CachedOrNull);
        }
    }
}
