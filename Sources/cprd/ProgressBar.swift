import Foundation
import Glibc

/// A one-line progress bar on stderr, shown only when stderr is a terminal; under systemd
/// and in pipes, progress goes to the structured log instead.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private let started = Date()

    static func forTerminal() -> ProgressBar? {
        isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
    }

    func update(label: String, done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.2 || done >= total else { return }
        lastDraw = now
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed / 1_048_576 : 0
        let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
        let line = String(
            format: "\r%@ [%@%@] %3.0f%% %.1f MB/s ETA %.0fs ",
            label, String(repeating: "#", count: filled), String(repeating: ".", count: width - filled),
            fraction * 100, rate, eta
        )
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
