import CPRFormat
import CPRStore
import Foundation
import Logging

/// Sends local changes of the subscription list upstream and records each answer; then
/// compares the list with the filters upstream holds.
public struct SubscriptionPush: Sendable {
    public struct Outcome: Sendable {
        public struct Line: Sendable, Equatable {
            public var kind: Subscription.Kind
            public var value: String
            public var answer: String
            public var state: Subscription.State
        }

        public var lines: [Line] = []
        /// Upstream holds these, the list does not (or not in scope).
        public var onlyUpstream: [String] = []
        /// The list has these active, upstream does not hold them.
        public var missingUpstream: [String] = []
    }

    public let list: SubscriptionList
    public let service: SubscriptionService

    public init(list: SubscriptionList, service: SubscriptionService) {
        self.list = list
        self.service = service
    }

    /// Pushes every adding/removing entry. A failure of the service stops the push; entries
    /// already answered keep their recorded state, the rest stay pending for the next push.
    public func push() async throws -> Outcome {
        var outcome = Outcome()
        for entry in try await list.all() where entry.state == .adding || entry.state == .removing {
            let answer: SubscriptionService.Answer
            switch (entry.kind, entry.state) {
            case (.pnr, .adding): answer = try await service.addPNR(PNR(entry.value)!)
            case (.pnr, _): answer = try await service.removePNR(PNR(entry.value)!)
            case (.municipality, .adding): answer = try await service.addMunicipality(entry.value)
            case (.municipality, _): answer = try await service.removeMunicipality(entry.value)
            }
            let state: Subscription.State
            switch (entry.state, answer) {
            case (.adding, .added), (.adding, .alreadyExisted): state = .active
            case (.adding, .nonExistingPNR): state = .rejected
            // Removing what upstream does not hold (or no longer knows) leaves it removed too.
            default: state = entry.state == .adding ? .active : .removed
            }
            try await list.record(entry, state: state, answer: answer.rawValue)
            outcome.lines.append(.init(kind: entry.kind, value: entry.value, answer: answer.rawValue, state: state))
        }
        let upstream = try await service.allFilters()
        let local = try await list.all()
        let activePNRs = Set(local.filter { $0.kind == .pnr && $0.state == .active }.map(\.value))
        let activeCodes = Set(local.filter { $0.kind == .municipality && $0.state == .active }.map(\.value))
        outcome.onlyUpstream = (upstream.pnrs.subtracting(activePNRs).map { "pnr \($0)" }
            + upstream.municipalities.subtracting(activeCodes).map { "municipality \($0)" }).sorted()
        outcome.missingUpstream = (activePNRs.subtracting(upstream.pnrs).map { "pnr \($0)" }
            + activeCodes.subtracting(upstream.municipalities).map { "municipality \($0)" }).sorted()
        return outcome
    }
}
