@testable import CPRSync
import Foundation
import Testing

@Suite struct NotifierTests {
    @Test func sendsOneDatagramToAPathSocket() throws {
        let listener = try NotifyListener()
        defer { listener.close() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.path])
        #expect(notifier.notify("READY=1", "STATUS=up"))
        #expect(listener.receive(timeout: 2) == "READY=1\nSTATUS=up")
    }

    @Test func sendsToAnAbstractSocket() throws {
        let listener = try NotifyListener(abstract: true)
        defer { listener.close() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.path])
        #expect(listener.path.hasPrefix("@"))
        #expect(notifier.notify("WATCHDOG=1"))
        #expect(listener.receive(timeout: 2) == "WATCHDOG=1")
    }

    @Test func withoutNotifySocketNothingIsSent() {
        #expect(!SystemdNotifier(environment: [:]).notify("READY=1"))
    }

    @Test func watchdogIntervalIsForThisProcessOnly() {
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "3000000"]) == .seconds(3))
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "3000000", "WATCHDOG_PID": "1"]) == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: [:]) == nil)
    }
}
