import ServiceLifecycle

/// Sleeps for `duration` in steps of at most a second, beating `state` at each so the
/// watchdog sees a live loop; returns early on graceful shutdown. Throws only on cancellation.
func pause(_ duration: Duration, state: SyncState?) async throws {
    let deadline = ContinuousClock.now + duration
    while !Task.isShuttingDownGracefully {
        state?.beat()
        let left = deadline - .now
        if left <= .zero { return }
        try await Task.sleep(for: min(left, .seconds(1)))
    }
}
