// Parse benchmark for RecordReader (see ../../run.sh).
//
//   parse-bench FILE                               read FILE, touch every record's type and PNR
//   parse-bench --synthesize PERSONS OUT [lines|fixed]   write a synthetic extract
//
// No Foundation: timing, file output and /proc reading use libc directly.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPRFormat

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// VmHWM (peak resident set) from /proc/self/status, in KiB; nil where /proc is missing.
func peakRSSKiB() -> Int? {
    guard let f = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), f) != nil {
        let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if s.hasPrefix("VmHWM:") {
            return Int(s.dropFirst(6).filter { $0.isNumber })
        }
    }
    return nil
}

func fail(_ message: String) -> Never {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

func parse(_ path: String) {
    let t0 = monotonicSeconds()
    var reader: RecordReader
    do {
        // PARSE_BENCH_CHUNK: chunk size in bytes, to compare against the default.
        var options = RecordReader.Options()
        if let env = getenv("PARSE_BENCH_CHUNK"), let size = Int(String(cString: env)) { options.chunkSize = size }
        reader = try RecordReader(path: path, options: options)
    } catch {
        fail("\(error)")
    }
    var records = 0
    var persons = 0
    var checksum: UInt64 = 0  // keeps the PNR and type reads from being optimised away
    do {
        while let record = try reader.next() {
            records += 1
            checksum &+= UInt64(record.type.code)
            if let pnr = record.ownerPNR {
                checksum &+= pnr.value
                if record.type == .personInformation { persons += 1 }
            }
        }
    } catch {
        fail("\(error)")
    }
    let seconds = monotonicSeconds() - t0
    let bytes = reader.bytesConsumed
    let mb = Double(bytes) / 1_000_000
    print("file        \(path)")
    print("framing     \(reader.framing.map { "\($0)" } ?? "?")")
    print("bytes       \(bytes)")
    print("records     \(records) (\(persons) persons)")
    print("checksum    \(checksum)")
    print("seconds     \(formatted(seconds, 3))")
    print("MB/s        \(formatted(mb / seconds, 1))")
    print("records/s   \(formatted(Double(records) / seconds, 0))")
    print("peak RSS    \(peakRSSKiB().map { "\($0 / 1024) MiB (\($0) KiB)" } ?? "unknown")")
}

func formatted(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var s = "\(rounded)"
    if decimals == 0, s.hasSuffix(".0") { s.removeLast(2) }
    return s
}

// MARK: Synthetic extract

/// One person's records as templates; each person copies them and patches the PNR.
func personTemplates() -> [[UInt8]] {
    func w(_ type: RecordType, _ fill: (inout RecordWriter) -> Void) -> [UInt8] {
        var r = RecordWriter(type: type)
        r.set("PNR", "0000000000")
        fill(&r)
        return r.bytes
    }
    return [
        w(.personInformation) {
            $0.set("STATUS", 1); $0.set("STATUSHAENSTART", "196501011200"); $0.set("KOEN", "K")
            $0.set("FOED_DT", "1965-01-01"); $0.set("START_DT-PERSON", "1965-01-01"); $0.set("STILLING", "Sygeplejerske")
        },
        w(.currentAddress) {
            $0.set("KOMKOD", 101); $0.set("VEJKOD", 1234); $0.set("HUSNR", "012A"); $0.set("ETAGE", "st")
            $0.set("SIDEDOER", "tv"); $0.set("TILFLYDTO", "201203011200"); $0.set("TILFLYKOMDTO", "201203011200")
            $0.set("FRAFLYKOMKOD", 147); $0.set("FRAFLYKOMDTO", "201202281200")
        },
        w(.clearWrittenAddress) {
            $0.set("ADRNVN", "Hansen,Åse Marie"); $0.set("STANDARDADR", "Æbeløgade 12A,st. tv")
            $0.set("POSTNR", 2100); $0.set("POSTDISTTXT", "København Ø"); $0.set("KOMKOD", 101); $0.set("VEJKOD", 1234)
            $0.set("HUSNR", "012A"); $0.set("ETAGE", "st"); $0.set("SIDEDOER", "tv"); $0.set("VEJADRNVN", "Æbeløgade")
        },
        w(.protection) { $0.set("BESKYTTYPE", 3); $0.set("START_DT-BESKYTTELSE", "2015-06-01") },
        w(.currentName) {
            $0.set("FORNVN", "Åse Marie"); $0.set("EFTERNVN", "Hansen"); $0.set("NVNHAENSTART", "196501011200")
            $0.set("ADRNVN", "Hansen,Åse Marie")
        },
        w(.birthRegistration) { $0.set("START_MYNKOD-FØDESTED", "7101") },
        w(.currentCitizenship) { $0.set("LANDEKOD", 5100); $0.set("HAENSTART-STATSBORGERSKAB", "196501011200") },
        w(.churchInformation) { $0.set("FKIRK", "F"); $0.set("START_DT-FOLKEKIRKE", "1965-01-01") },
        w(.currentCivilStatus) { $0.set("CIVST", "G"); $0.set("AEGTEPNR", "0709610015"); $0.set("HAENSTART-CIVILSTAND", "199006231200") },
        w(.parents) { $0.set("PNRMOR", "0101401234"); $0.set("PNRFAR", "0101385678"); $0.set("MOR_DT", "1965-01-01") },
        w(.historicalAddress) {
            $0.set("KOMKOD", 147); $0.set("VEJKOD", 4321); $0.set("HUSNR", "003"); $0.set("TILFLYDTO", "199001011200")
            $0.set("FRAFLYDTO", "201202281200")
        },
        w(.historicalAddress) {
            $0.set("ANNKOR", "K"); $0.set("KOMKOD", 851); $0.set("VEJKOD", 77); $0.set("HUSNR", "110")
            $0.set("TILFLYDTO", "198501011200"); $0.set("FRAFLYDTO", "198912311299")
        },
        w(.historicalName) {
            $0.set("FORNVN", "Åse Marie"); $0.set("EFTERNVN", "Jensen"); $0.set("NVNHAENSTART", "196501011200")
            $0.set("NVNHAENSLUT", "199006231200")
        },
        w(.historicalCivilStatus) { $0.set("CIVST", "U"); $0.set("HAENSTART-CIVILSTAND", "196501011200"); $0.set("HAENSLUT-CIVILSTAND", "199006231200") },
        w(.event) { $0.set("TIMESTAMPU", "202401011200"); $0.set("HAENDELSE", "A01") },
    ]
}

func synthesize(persons: Int, to path: String, framing: Framing) {
    guard let out = fopen(path, "wb") else { fail("cannot create \(path)") }
    let templates = personTemplates()
    var file = RecordFileWriter(framing: framing, opgavenr: 110901, proddto: (2024, 1, 2), proddtoForrig: (2024, 1, 1))
    for p in 0..<persons {
        // Serial, year digit and month from the person number: distinct for the first 200 000 persons.
        var serial = UInt64(p % 10_000)
        var pnr = [UInt8]("0101650000".utf8)
        for i in stride(from: 9, through: 6, by: -1) {
            pnr[i] = UInt8(serial % 10) + 0x30
            serial /= 10
        }
        pnr[4] = UInt8((p / 10_000) % 10) + 0x30  // vary the year too, beyond 10 000 persons
        pnr[2] = UInt8((p / 100_000) % 2) + 0x30
        for var record in templates {
            record.replaceSubrange(3..<13, with: pnr)
            file.append(record: record)
        }
        if file.bytes.count > 1 << 22 {
            let chunk = file.takeBytes()
            _ = chunk.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, out) }
        }
    }
    file.finish()
    let rest = file.takeBytes()
    _ = rest.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, out) }
    fclose(out)
    print("wrote \(path): \(persons) persons, \(file.recordCount + 2) records, \(framing) framing")
}

let args = CommandLine.arguments
if args.count >= 4 && args[1] == "--synthesize" {
    guard let persons = Int(args[2]), persons >= 0 else { fail("PERSONS must be a number") }
    let framing: Framing = args.count > 4 && args[4] == "lines" ? .lines : .fixed
    synthesize(persons: persons, to: args[3], framing: framing)
} else if args.count == 2 {
    parse(args[1])
} else {
    fail("usage: parse-bench FILE | parse-bench --synthesize PERSONS OUT [lines|fixed]")
}
