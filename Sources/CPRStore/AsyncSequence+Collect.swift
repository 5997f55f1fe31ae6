extension AsyncSequence where Self: Sendable {
    /// All elements in an array; for result sets known to be small.
    public func collect() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}
