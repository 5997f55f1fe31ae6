@testable import CPRServer
import Testing

@Suite struct BatchQueueTests {
    @Test func aWorkerTakesEverythingPendingUpToTheMaximum() async throws {
        let queue = BatchQueue<Int>()
        for item in 0..<10 { #expect(queue.enqueue(item)) }
        #expect(queue.depth == 10)
        #expect(await queue.nextBatch(maximum: 4) == [0, 1, 2, 3])
        #expect(await queue.nextBatch(maximum: 100) == [4, 5, 6, 7, 8, 9])
        #expect(queue.depth == 0)
    }

    @Test func aWaitingWorkerGetsTheNextItemAtOnce() async throws {
        let queue = BatchQueue<String>()
        async let batch = queue.nextBatch(maximum: 10)
        try await Task.sleep(for: .milliseconds(50))
        #expect(queue.enqueue("first"))
        #expect(await batch == ["first"])
    }

    @Test func closingDrainsThenEndsTheWorkersAndRefusesNewItems() async throws {
        let queue = BatchQueue<Int>()
        #expect(queue.enqueue(1))
        queue.close()
        #expect(!queue.enqueue(2))
        #expect(await queue.nextBatch(maximum: 10) == [1])
        #expect(await queue.nextBatch(maximum: 10) == nil)
    }
}
